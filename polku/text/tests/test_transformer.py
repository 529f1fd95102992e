"""A transformer model on disk, chosen by an organization, reads its comments' sentiment.

The model is tiny and made here: a two-layer BERT with a word-level vocabulary, trained for a
few seconds on a dozen Finnish phrases, saved with save_pretrained into a temporary folder.
Polku loads it as it would a real one: from the folder, offline, safetensors only.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from polku.text.actions import choose_transformer
from polku.text.analysis import analyze_pending
from polku.text.lemmas import tokens
from polku.text.models import Comment, SentimentModel
from polku.text.training import retrain_due
from polku.text.transformer import TransformerUnavailable, classes_of, load

from .test_analysis import answer, totals_from_scratch, totals_now

WORDS = ["hyvä", "huono", "palvelu", "toimitus", "oli", "hidas", "nopea", "kiitos", "ja"]
TRAINING = [
    ("hyvä palvelu", 2), ("nopea toimitus", 2), ("kiitos", 2), ("hyvä", 2),
    ("huono palvelu", 0), ("toimitus oli hidas", 0), ("hidas", 0), ("huono", 0),
    ("palvelu", 1), ("toimitus", 1), ("oli", 1), ("palvelu oli", 1),
]  # fmt: skip


def needs_transformers():
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        message = (
            "transformers and torch not installed (pip install torch==2.13.0 "
            "-e '.[transformers]'): language-model tests skipped"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message.replace("skipped", "are required in CI"))
        pytest.skip(message)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> str:
    needs_transformers()
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    vocabulary = {word: i for i, word in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    words = Tokenizer(models.WordLevel(vocabulary, unk_token="[UNK]"))
    words.normalizer = normalizers.Lowercase()
    words.pre_tokenizer = pre_tokenizers.Whitespace()
    words.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=words,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
    )
    config = BertConfig(
        vocab_size=len(vocabulary),
        hidden_size=24,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=48,
        max_position_embeddings=64,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
        num_labels=3,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    batch = tokenizer([text for text, _label in TRAINING], padding=True, return_tensors="pt")
    labels = torch.tensor([label for _text, label in TRAINING])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
    model.train()
    for _step in range(150):
        model(**batch, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    folder = tmp_path_factory.mktemp("tiny-sentiment")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


@pytest.fixture
def configured(settings, tiny_model):
    settings.TEXT_TRANSFORMER_MODELS = {"tiny": tiny_model, "missing": "/nonexistent/model"}
    return tiny_model


def test_the_model_is_read_from_disk_with_its_labels_and_reasons(tiny_model):
    model = load(tiny_model)
    assert model.classes == ["negative", "neutral", "positive"]
    good = model.sentiment("Hyvä palvelu", tokens("Hyvä palvelu", "fi"), "fi")
    bad = model.sentiment("toimitus oli hidas", tokens("toimitus oli hidas", "fi"), "fi")
    plain = model.sentiment("palvelu", tokens("palvelu", "fi"), "fi")
    assert (good.label, bad.label, plain.label) == ("positive", "negative", "neutral")
    assert good.source == "transformer" and good.score > 0.3 > -0.3 > bad.score
    # The words whose leaving out moves the score most are the ones that carry it.
    assert good.words[0][0] == "hyvä" and good.words[0][1] > 0
    assert bad.words[0][0] == "hidas" and bad.words[0][1] < 0


@pytest.mark.parametrize(
    ("labels", "classes"),
    [
        ({0: "NEGATIVE", 1: "POSITIVE"}, ["negative", "positive"]),
        ({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, ["negative", "neutral", "positive"]),
        (
            {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"},
            ["negative", "negative", "neutral", "positive", "positive"],
        ),
        ({0: "pos", 1: "neg", 2: "neu"}, ["positive", "negative", "neutral"]),
    ],
)
def test_labels_are_understood(labels, classes):
    assert classes_of(labels) == classes


@pytest.mark.parametrize("labels", [{0: "joy", 1: "anger"}, {0: "LABEL_0"}, {0: "negative"}])
def test_labels_that_say_nothing_of_sentiment_are_refused(labels):
    with pytest.raises(TransformerUnavailable):
        classes_of(labels)


def test_nothing_but_a_model_folder_is_loaded(tmp_path):
    # A hub name is not a folder: refused before transformers could try to fetch it.
    with pytest.raises(TransformerUnavailable, match="no model folder"):
        load("TurkuNLP/bert-base-finnish-cased-v1")
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(TransformerUnavailable):
        load(str(tmp_path))


def test_an_organization_chooses_the_model_and_its_comments_are_read_again(
    org, commented, configured, monkeypatch, capsys
):
    earlier = answer(commented, "hyvä palvelu", nps=9)
    analyze_pending()
    assert Comment.objects.get(response=earlier).sentiment_source == "lexicon"

    choose_transformer(org, "fi", "tiny")
    assert SentimentModel.objects.get(organization=org, language="fi").rescore_due
    retrain_due()  # the worker's step
    again = Comment.objects.get(response=earlier)
    assert (again.sentiment_source, again.sentiment) == ("transformer", "positive")
    assert again.sentiment_words[0][0] == "hyvä"
    assert not SentimentModel.objects.get(organization=org, language="fi").rescore_due

    later = answer(commented, "toimitus oli hidas", nps=3)
    analyze_pending()
    comment = Comment.objects.get(response=later)
    assert (comment.sentiment_source, comment.sentiment) == ("transformer", "negative")
    assert totals_now(org) == totals_from_scratch(org)

    monkeypatch.setattr("sys.stdin", io.StringIO("huono palvelu\n"))
    call_command("text", "analyze", "--lang", "fi", "--org", org.slug)
    assert json.loads(capsys.readouterr().out)["sentiment"] == "negative"

    choose_transformer(org, "fi", "")
    retrain_due()
    assert Comment.objects.get(response=later).sentiment_source == "lexicon"
    assert totals_now(org) == totals_from_scratch(org)


def test_the_models_page_offers_the_configured_models(manager_client, org, configured):
    url = reverse("text:models", args=[org.slug])
    page = manager_client.get(url).content.decode()
    assert '<option value="tiny">tiny</option>' in page
    choose = reverse("text:choose_model", args=[org.slug])
    chosen = manager_client.post(choose, {"language": "fi", "transformer": "tiny"}, follow=True)
    assert "reads the comments in" in chosen.content.decode()
    assert SentimentModel.objects.get(organization=org, language="fi").transformer == "tiny"

    broken = manager_client.post(choose, {"language": "en", "transformer": "missing"}, follow=True)
    assert "no model folder" in broken.content.decode()
    assert not SentimentModel.objects.filter(organization=org, language="en").exists()
    for bad in ({"language": "fi", "transformer": "other"}, {"language": "xx"}):
        assert manager_client.post(choose, bad).status_code == 400
    assert SentimentModel.objects.get(organization=org, language="fi").transformer == "tiny"


def test_a_model_that_stops_loading_leaves_the_word_list(org, commented, configured, settings):
    choose_transformer(org, "fi", "tiny")
    settings.TEXT_TRANSFORMER_MODELS = {}
    response = answer(commented, "hyvä palvelu", nps=9)
    analyze_pending()
    assert Comment.objects.get(response=response).sentiment_source == "lexicon"


def test_agents_cannot_choose(org, agent, configured):
    from polku.conftest import client_for

    choose = reverse("text:choose_model", args=[org.slug])
    denied = client_for(agent).post(choose, {"language": "fi", "transformer": "tiny"})
    assert denied.status_code == 403
    assert not SentimentModel.objects.filter(organization=org).exists()
