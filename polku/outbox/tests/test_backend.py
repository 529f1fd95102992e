import pytest
from django.core import mail

from polku.conftest import free_port
from polku.lib.emails import send_templated_email
from polku.outbox.models import OutboxEmail


def send_invite_like_email(org, to="customer@x.test"):
    from polku.accounts.models import MemberInvite

    invite = MemberInvite.objects.create(organization=org, email=to, role="agent")
    send_templated_email(
        "accounts/email/member_invite",
        {"invite": invite, "organization": org, "inviter": None},
        to,
        language="fi",
        organization=org,
    )


def test_without_mail_server_message_is_kept_in_outbox(org):
    send_invite_like_email(org)
    email = OutboxEmail.objects.get()
    assert email.status == OutboxEmail.Status.KEPT
    assert email.organization == org
    assert email.to == "customer@x.test"
    # Rendered in the language asked for (Finnish), text and HTML alike.
    assert "Shop A" in email.subject and "kutsuttu" in email.subject
    assert "Hyväksy kutsu" in email.body_html


def test_with_smtp_server_message_is_delivered_and_recorded(org, smtp_server):
    send_invite_like_email(org, to="real@x.test")
    assert [m.rcpt_tos for m in smtp_server.messages] == [["real@x.test"]]
    content = smtp_server.messages[0].content.decode()
    assert "multipart/alternative" in content
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


def test_unreachable_smtp_server_records_failure(org, settings):
    settings.POLKU_OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    with pytest.raises(OSError):
        mail.send_mail("Hello", "Body", None, ["x@x.test"])
    email = OutboxEmail.objects.get()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.error
