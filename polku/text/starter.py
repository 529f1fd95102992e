"""The starter themes every organization gets: what customers of small shops and webshops
talk about, with rules in Finnish, Swedish and English (polku.text.rules). Written for
Polku; an organization edits them like its own."""

from __future__ import annotations

STARTER_THEMES = [
    {
        "key": "delivery",
        "name": {"fi": "Toimitus", "sv": "Leverans", "en": "Delivery"},
        "rules": {
            "fi": (
                "toimit* OR (posti* NOT sähköposti*) OR paketti* OR lähetys* OR kuljetu* OR "
                "kuriiri* OR matkahuolto OR budbee OR dhl OR schenker OR bring OR "
                "noutopiste* OR (automaatti* NOT käteinen* NOT automaattiviesti*) OR perille"
                " OR saapua OR pakkaus*"
                " OR laatikko* OR "
                '"tilaus tulla" OR "tuote tulla" OR "paketti tulla" OR "tavara tulla" OR '
                "tilaus AND puuttua OR "
                '("väärä tuote" NOT haku*) OR ("väärä osoite" NOT lasku*) OR terminaali*'
                " OR kantaa AND (ovi* OR ulko-ovi* OR sisälle OR sisään OR rappu* OR kerros*)"
                ' OR kuljettaja OR kuski OR kotiinkulj* OR "hakea myymälä" OR nouto* OR pakata'
                " OR pakkaa*"
                " OR (lähettää NOT sähköposti* NOT viesti* NOT muistutus NOT tilalle)"
            ),
            "sv": (
                "leverans* OR leverera* OR paket* OR frakt* OR post OR postnord OR posten OR "
                "ombud* OR utlämning* OR budbee OR dhl OR schenker OR bring OR bud OR "
                '"komma fram" OR "kom fram" OR ankomma'
                ' OR upphämtning* OR packa* OR förpackning* OR "skickade fel" OR chaufför*'
                " OR förare"
                ' OR "hämta i butik"'
            ),
            "en": (
                "deliver* OR shipping OR shipment* OR ship OR parcel* OR package* OR packag* "
                "OR courier* OR postage OR postman OR dispatch* OR arrive* OR "
                "(arrival NOT new) OR dhl OR fedex OR locker* OR van OR letterbox OR cardboard"
                " OR mailer OR rider OR "
                '"royal mail" OR dpd OR evri OR carried AND (door OR inside OR upstairs) OR '
                '"pick-up point" OR "pickup point" OR "wrong address" OR "wrong item" OR '
                'driver OR wrap* OR padding OR "in pieces" OR "left a card" OR '
                "box AND (crush* OR damaged OR arrive* OR came OR huge) OR "
                "order AND (arrive* OR came OR waiting OR split)"
                ' OR torn OR "click and collect" OR packed OR packing OR "turned up"'
                ' OR "never came" OR "sent the wrong" OR "never showed up" OR transit'
                ' OR "post office" OR "someone else"'
            ),
        },
    },
    {
        "key": "waiting",
        "name": {
            "fi": "Odotusaika ja nopeus",
            "sv": "Väntetid och snabbhet",
            "en": "Waiting time and speed",
        },
        "rules": {
            "fi": (
                'jono* OR jonottaa OR (odottaa NOT "kuin odottaa" NOT "odottaa parempi")'
                " OR odotella OR odottelu OR "
                "odotusaika OR hidas OR "
                "hitaasti OR viive OR viivästy* OR myöhäs* OR myöhässä OR ruuhka* OR kauan OR "
                "pitkään* OR nopea* OR nopeasti OR nopeampi OR ripeä* OR ajallaan OR ajoissa OR "
                "salamannopea* OR ikuisuus OR minuutti* OR tunti* OR välittömästi OR "
                "kassa* AND vähän OR "
                '"kestää kauan" OR "kestää viikko" OR "viikko myöhässä" OR "saman tien"'
                ' OR hidast* OR "luvata aika" OR "sama päivä" OR "samana päivänä"'
                ' OR vartti* OR venyä OR "käden käänteessä" OR hetki OR "sovittu aika"'
                ' OR "sama viikko" OR tehokkaasti OR "seuraava päivä"'
                " OR myöhemmin AND (luvata OR luvattu OR tulla)"
                " OR toimitusaika OR käsittelyaika OR vastausaika OR jonotusaika OR "
                "(päivä OR arkipäivä OR viikko OR kuukausi) AND (kestää OR luvata OR matkalla"
                " OR seistä"
                " OR venyä OR vasta OR käsittely*) NOT palautu* NOT palautus* NOT hyvity*"
                ' OR valmis AND vasta OR "sovittu aikana"'
                " OR (päivässä* OR viikossa* OR tunnissa*)"
                " AND (valmis OR tehdä OR korjata OR hoitaa)"
                " NOT palautu* NOT palautus* NOT hyvity*"
            ),
            "sv": (
                "kö* OR köa OR vänta* OR väntetid* OR långsam* OR dröj* OR försen* OR "
                "snabb* OR snabbt OR blixtsnabb* OR direkt OR genast OR punktlig* OR "
                '"lång tid" OR "i tid"'
                ' OR "samma dag" OR "på en gång" OR "utlovad tid" OR effektiv* OR "samma vecka"'
                ' OR "nästa morgon" OR "klar först" OR "färdig först"'
            ),
            "en": (
                "wait OR waiting OR await* OR queue* OR slow* OR delay*"
                ' OR (late NOT fee NOT "open later" NOT "stay open") OR '
                'forever OR (ages NOT "all ages") OR '
                "quick* OR fast OR prompt* OR speed* OR swift* OR snappy OR minute* OR "
                '"on hold" OR '
                '(hour NOT "opening hours" NOT "longer hours") OR "within the hour"'
                ' OR "agreed time" OR '
                "(day OR week OR month OR fortnight) AND (take OR still OR already OR promise"
                " OR sit OR now OR drag) NOT return* NOT refund* OR "
                '"long time" OR "on time" OR "next day"'
                ' OR "later than" OR "took weeks" OR "took days" OR '
                '"no time" OR "as long" OR "no appointments" OR "within an hour" OR "sit around"'
                ' OR "sat around" OR crawl* OR eternity OR away AND (month OR week)'
                ' OR "right away" OR "promised time" OR "same day"'
                ' OR "busy times" OR "fitted me in" OR "next morning" OR "peak time*"'
                ' OR "hanging about" OR "hanging around" OR efficient* OR "same week"'
                ' OR "dragged on" OR "drags on" OR "took long" OR "took too long"'
                ' OR "ready until"'
            ),
        },
    },
    {
        "key": "friendliness",
        "name": {
            "fi": "Henkilökunnan ystävällisyys",
            "sv": "Personalens bemötande",
            "en": "Staff friendliness",
        },
        "rules": {
            "fi": (
                "ystävälli* OR epäystävälli* OR kohtelia* OR kohteliaa* OR epäkohtelia* "
                "OR tyly* OR töykeä* OR röyhkeä* OR ylimielis* OR välinpitämät* OR avulia* "
                "OR palvelualtis OR huomaavai* OR hymy* OR tervehti* OR kärsivällis* OR "
                "tervetullut OR tyrkky OR asenne OR "
                "(mukava* OR kiva* OR ihana* OR lämmin OR reipas OR iloinen) AND (myyjä* OR "
                "henkilökun* OR asiakaspalvelij* OR työntekijä* OR henkilö* OR palvelu* OR "
                "kassa* OR tyttö OR nainen OR mies OR kuljettaja OR vastaanotto OR parturi*"
                " OR kampaaja* OR "
                'farmaseut* OR mekaanikko* OR korjaaja*) OR tyrkyttää OR "ehtiä auttaa" OR '
                '"ei huomata" OR "olla häiriö"'
                ' OR huokais* OR tervehd* OR "ei välittää" OR "ei huomata" OR "ei edes huomata"'
                ' OR lempeä* OR rauhallis* OR huokail* OR "pyöritellä silmä" OR "hyvä tuuli"'
                " OR kohdella OR kohtelu OR suloinen OR ele OR sydämelli*"
                " OR jutella AND (kaveri* OR kollega*)"
                ' OR "tuntea tyhmä"'
                ' OR tiuska* OR ärty* OR kärsimät* OR "olin vaivaksi" OR "otettiin vastaan"'
                " OR alentuv* OR hyväntuuli* OR kärttyi* OR pirteä* OR äreä* OR kiukkui* OR nyrpeä*"
                ' OR "ei edes katsonut" OR "puhui puhelimessa" OR selin OR vähätel*'
            ),
            "sv": (
                "vänlig* OR ovänlig* OR artig* OR oartig* OR otrevlig* OR oförskämd* OR "
                "arrogant* OR nonchalant* OR hjälpsam* OR tillmötesgående OR bemötande OR "
                "leende OR le OR hälsa OR sur OR otrevlig OR "
                "trevlig* AND (personal* OR expedit* OR kassörska OR säljare OR "
                "kundtjänst OR bemötande OR tjej OR kille)"
                ' OR suck* OR nedlåtande OR hälsning OR "brydde sig inte" OR "brydde sig"'
                ' OR "vände ryggen" OR "pratade i telefon" OR butter OR påträngande OR tjatig*'
                " OR trevlig* AND (frisör* OR apotekare OR mekaniker OR barberare)"
            ),
            "en": (
                "(friendly NOT eco-friendly) OR unfriendly OR rude* OR polite* OR impolite OR "
                "courteous OR helpful OR unhelpful OR welcoming OR welcome OR smil* OR attitude "
                "OR dismissive OR arrogant OR patient OR kind* OR curt"
                " OR (annoyed NOT annoying) OR ignor* OR "
                'nuisance OR roll* AND eye OR invisible OR "customer service" OR "notice me" OR '
                "(nice OR lovely OR warm OR great) AND (staff OR assistant* OR lady OR "
                "guy OR man OR woman OR team OR people OR cashier OR employee* OR service OR "
                "driver OR barista OR receptionist OR barber OR stylist OR hairdresser"
                " OR pharmacist"
                " OR salesman OR girl OR mechanic)"
                ' OR pushy OR "kept pushing" OR "short with"'
                " OR condescend* OR acknowledg* OR unpleasant OR greet* OR sigh* OR stupid"
                ' OR "didn\'t care" OR "did not care" OR "extra mile" OR "on her phone"'
                ' OR "on his phone" OR "on the phone the whole" OR "turned her back" OR gentle'
                ' OR calm OR "good mood" OR "bad mood" OR treated OR gesture OR heartfelt'
                " OR chatting AND (friend OR colleague)"
                ' OR "turned his back" OR hello OR "said hi"'
                ' OR (cheerful NOT "cheap and cheerful") OR bubbly OR grumpy'
                ' OR snap OR "talked down" OR patronis* OR patroniz* OR "look at me"'
                ' OR "eye contact"'
                " OR patiently"
            ),
        },
    },
    {
        "key": "expertise",
        "name": {
            "fi": "Asiantuntemus ja neuvonta",
            "sv": "Kunskap och rådgivning",
            "en": "Expertise and advice",
        },
        "rules": {
            "fi": (
                "asiantunt* OR osaava* OR osaaminen OR osaamaton OR ammattitai* OR "
                "ammattilai* OR neuvo* OR opast* OR vinkki* OR vinkata OR selittää OR "
                "ohje* OR ohjeistu* OR pätevä* OR epäpätevä OR taitava* OR tuntemus OR "
                "tuotetieto* OR ihoanalyysi* OR analyysi OR kurssi* OR suositus* OR "
                "tuotesuositus* OR "
                '"ei tietää" OR "osata neuvoa" OR "osata kertoa" OR "osata suositella" OR '
                '"tuntea tuote" OR "tuntea oma"'
                ' OR arvail* OR opas* OR selittä* OR "tietää mikä puhua"'
                " OR tieto AND (myyjä* OR henkilökun* OR asiakaspalvelij*)"
                ' OR "osata vastata" OR "vastata kysymykseen" OR "eri vastausta"'
                ' OR "käydä läpi" OR "auttoi valitsemaan" OR "auttaa valitsemaan"'
                " OR suositella AND (myyjä* OR väärä OR oikea OR juuri OR sopiva)"
                ' OR "osata sanoa" OR läpikotaisin'
                " OR tuntea AND (tuote* OR valikoima*) OR (kertoa OR selittää"
                " OR näyttää) AND (tarkasti"
                " OR ero*)"
                ' OR "tiesi heti" OR (ehdottaa NOT haku*) OR suositeltu* OR käsitys OR mitata'
                " OR mittaus*"
                " OR selkeästi AND (kertoa OR selittää)"
                " OR tietää AND (paljon OR kaikki OR hyvin OR tarkalleen OR tarkkaan OR heti)"
                " OR perustella OR tuntea AND (ominaisuus OR jokainen)"
            ),
            "sv": (
                "kunnig* OR okunnig* OR kunskap* OR kompeten* OR inkompetent OR råd OR "
                "rådgivning OR rådgiva OR tips OR tipsa OR förklara* OR expert* OR "
                "proffsig* OR professionell* OR hudanalys* OR "
                '"visste inte" OR "veta inte" OR "kunde svara"'
                ' OR gissa* OR guide OR vägledning OR "visste vad" OR föreslå OR föreslog'
                ' OR "visste exakt" OR "kunde berätta" OR "visade skillnaden"'
                " OR mäta OR mätte"
                ' OR "ingen aning"'
            ),
            "en": (
                "knowledg* OR expert* OR expertise OR advice OR advis* OR tips OR explain* "
                "OR professional OR competent OR incompetent OR clueless OR thorough OR "
                '"skin analysis" OR consultation OR "did not know" OR "didn\'t know" OR '
                '"cannot tell me" OR "could not tell me" OR ("inside out" NOT turned)'
                ' OR "help you choose" OR "basic questions" OR '
                "recommend* AND (assistant OR staff OR right OR wrong OR exactly OR she OR he) OR "
                "(know OR knew) AND (staff OR guy OR assistant OR team OR everything OR product*)"
                ' NOT "letting me know" OR measur* OR skill*'
                ' OR guidance OR guess* OR "knew her stuff" OR "knew his stuff"'
                ' OR "know their stuff" OR "knew their stuff" OR "how to choose"'
                ' OR (suggested NOT search) OR clue OR pointers OR "talking about"'
                ' OR "simple question" OR "different answers"'
                ' OR "my needs" OR "through the options" OR "pick the right"'
                ' OR "choose the right" OR "walked me through" OR "no idea how"'
                ' OR "could say" OR "knew exactly" OR "could tell me" OR "showed me"'
                ' OR "no idea what"'
                ' OR "the difference" OR "worked out" OR "went through how"'
                " OR (know OR knew) AND (mechanic OR optician OR pharmacist OR"
                " technician OR bookseller OR salesperson OR employee* OR seller)"
                ' OR "knew which" OR "knew what" OR "knew at once" OR "how to look after"'
                ' OR "how to care"'
            ),
        },
    },
    {
        "key": "price",
        "name": {"fi": "Hinta", "sv": "Pris", "en": "Price"},
        "rules": {
            "fi": (
                "hinta* OR hinnoit* OR kallis OR kallii* OR kalliisti OR halpa OR halvempi OR "
                "halvalla OR halpaa OR edullinen OR edullisesti OR ylihint* OR hintava OR "
                "alennus* OR ale OR alennusmyynti OR tarjous* OR euro* OR säästää OR "
                "rahanarvoinen OR kiskuri* OR rahastaa OR rahastus OR (etu NOT etukäteen)"
                " OR kanta-asiakasetu* OR bonus* OR "
                "ryöstö* OR kohtuuton OR ilmai* OR "
                '"raha arvoinen" OR "maksaa vähän" OR "maksaa liikaa"'
                ' OR halv* OR lisäkulu* OR alehin* OR "maksaa vähemmän" OR "maksaa enemmän"'
                " OR tuplasti OR edullis* OR kulut"
                " OR toimituskulu* OR postikulu* OR kaksinkertai*"
            ),
            "sv": (
                "pris* OR dyr OR dyra OR dyrt OR dyrare OR billig* OR prisvärd* OR rabatt* "
                "OR rea OR erbjudande* OR kosta* OR överpris* OR ocker* OR kronor OR euro"
                ' OR avgift* OR "dolda kostnader" OR bonus* OR poäng*'
            ),
            "en": (
                "price* OR pricing OR priced OR expensive OR cheap* OR overpriced OR cost* "
                "OR afford* OR discount* OR bargain OR sale OR deal* OR offer* OR quote OR "
                "pricey OR euros OR loyalty OR benefit* OR fee OR steep OR "
                '"value for money" OR "rip off" OR "rip-off" OR "worth the money"'
                ' OR "worth every" OR "loyalty points" OR free AND (every OR get OR shipping'
                ' OR delivery OR postage) OR estimate* OR "points scheme" OR '
                '"paid less" OR "not worth"'
                ' OR "hidden charges" OR "twice what" OR "what I paid" OR postage OR robbery'
                ' OR "price tag" OR "the tag said"'
            ),
        },
    },
    {
        "key": "quality",
        "name": {"fi": "Tuotteen laatu", "sv": "Produktkvalitet", "en": "Product quality"},
        "rules": {
            "fi": (
                "laatu* OR laadu* OR laaduk* OR heikkolaatui* OR huonolaatui* OR "
                "korkealaatui* OR rikki OR rikkinäi* OR rikkou* OR viallinen OR "
                "vioittu* OR hajota OR haljeta OR haljennut OR vuotaa OR naarmu* OR "
                "toimimaton OR kestävä OR kestämätön OR ärsyttää OR kutittaa OR kirvellä OR "
                "kirveli OR ihottuma OR tehota OR tepsiä OR vanhentunut OR ehjä OR "
                "lohkeilla OR kuivua OR haihtua OR paakkuuntua OR imeytyä OR varista OR "
                "pumppu OR kunto OR "
                "(tuote* OR voide* OR seerumi* OR shampoo* OR meikki* OR hajuvesi* OR "
                "tuoksu* OR rasva* OR tavara* OR huulipuna* OR ripsiväri* OR kynsilakka* OR "
                "aurinkorasva* OR hoitoaine* OR saippua* OR vaate*"
                " OR laite*) NOT tuotesivu* AND (hyvä OR "
                "paras OR ihana OR loistava OR erinomainen OR upea OR huono OR surkea OR "
                "toimia OR ihastua OR rakastaa OR huippu OR turha)"
                ' OR nukka* OR sauma* OR tahmea OR haista OR "pesu jälkeen" OR pesussa'
                ' OR "pysyä koko päivä" OR "herkkä iho" OR (maku* NOT makuu*) OR maistu*'
                " OR mauton OR maukas"
                " OR herkullinen OR tuore* OR (kuiva* NOT iho*) OR lakastu* OR nuutu*"
                " OR irrota OR irtosi OR"
                ' "lakkasi toimimasta" OR tukeva* OR hauras* OR puhki OR repeä* OR materiaali*'
                " OR pehmeä* OR sirpale* OR mehevä* OR palanut OR kylmä OR kuolla OR kuollut"
                " OR kuivunut"
                ' OR "kuin uusi" OR "toimia kunnolla"'
                " OR äänenlaatu* OR kuvanlaatu* OR moitteeton* OR moitteettomasti OR laiha"
                " OR haalea*"
                " OR irtoil*"
                ' OR lika* OR puuttua AND pala* OR "kuin toivoa" OR jätättää OR "vielä lämmin"'
                " OR istua AND (täydellisesti OR hyvin OR huonosti)"
            ),
            "sv": (
                "kvalitet* OR högkvalitativ OR lågkvalitativ OR trasig* OR sönder OR "
                "defekt* OR skadad* OR skada* OR läck* OR spräck* OR hållbar* OR "
                '"fungera inte" OR "fungerar inte" OR '
                "(produkt* OR kräm* OR serum OR schampo* OR smink* OR parfym* OR doft* OR "
                "vara OR varan) AND (bra OR underbar OR fantastisk OR dålig OR usel OR "
                "fungera OR älska)"
                " OR smak* OR färsk* OR (torr NOT hud*) OR vissn* OR kall OR bränd OR mögl*"
                " OR söm* OR kladdig* OR lukta* OR tvätt*"
                ' OR "som ny" OR "fungera ordentligt" OR uttorkad* OR smuts* OR "fortfarande varm"'
            ),
            "en": (
                "quality OR broken OR broke OR damaged OR defect* OR faulty OR cracked OR "
                "scratch* OR durable OR flimsy OR leak* OR rash OR irritat* OR sting OR stung "
                "OR tangled OR chip OR workmanship OR stale OR fabric OR greasy OR absorb* OR "
                "expiry OR expired OR faded OR zip OR condition OR "
                '"fell apart" OR "stopped working" OR "dried out" OR "nothing like" OR '
                "(product* OR cream OR serum OR shampoo OR perfume OR scent OR item* OR "
                "lipstick OR polish OR jacket OR coffee OR croissant OR glass OR windscreen) "
                "AND (great OR good OR bad OR poor OR love* OR amazing OR terrible OR works "
                "OR best OR worst)"
                ' OR bobbly OR seam OR sticky OR smell* OR "in the wash" OR washed OR lasts'
                ' OR "washed out"'
                ' OR "came apart" OR "going strong" OR weak OR lukewarm OR flawless*'
                ' OR "turned inside out"'
                ' OR "came loose" OR moist OR burnt OR burned OR cold OR died'
                ' OR "fell to bits" OR "fell to pieces" OR hard-wearing OR (dry NOT skin)'
                " OR fresh OR tasty"
                " OR taste* OR flavour*"
                ' OR flavor* OR wilt* OR sturdy OR sole OR "came off" OR soft OR pilled'
                ' OR "in pieces"'
                ' OR shatter* OR smashed OR "runs like" OR "like new" OR "work properly"'
                ' OR "works properly" OR "working properly" OR "still warm" OR dirty'
                " OR missing AND piece* OR fit AND (perfectly OR well OR badly)"
                ' OR "what we hoped" OR "what I hoped"'
            ),
        },
    },
    {
        "key": "returns",
        "name": {
            "fi": "Palautukset ja hyvitykset",
            "sv": "Returer och återbetalning",
            "en": "Returns and refunds",
        },
        "rules": {
            "fi": (
                "palautus* OR palauttaa OR palautin OR hyvity* OR hyvittää OR "
                "(vaihto NOT vaihtoehto*)"
                " OR (vaihtaa NOT tuulilasi* NOT rengas* NOT salasana* NOT näyttö* NOT akku*"
                " NOT ketju*)"
                " OR "
                "reklam* OR takuu* OR korvaus* OR korvata OR "
                '"raha takaisin" OR "rahat takaisin" OR "raha palauttaa"'
                " OR palautu* OR tilalle AND (uusi OR lähettää)"
            ),
            "sv": (
                "retur* OR returnera* OR återbetal* OR återköp* OR byte OR byta* OR "
                "reklamation* OR reklamera* OR ångerrätt OR garanti* OR ersättning OR "
                '"pengarna tillbaka" OR "pengar tillbaka"'
            ),
            "en": (
                "return* OR refund* OR exchange* OR warranty OR guarantee OR replacement OR "
                "complaint* OR "
                '"money back" OR "send back" OR "sent back" OR "replace it" OR "new one"'
                ' OR "a claim" OR "my claim" OR "the claim" OR "warranty claim" OR swapped'
                ' OR "send it back"'
            ),
        },
    },
    {
        "key": "website",
        "name": {
            "fi": "Verkkosivut ja kassa",
            "sv": "Webbplats och kassa",
            "en": "Website and checkout",
        },
        "rules": {
            "fi": (
                "sivusto* OR verkkosivu* OR nettisivu* OR kotisivu* OR verkkokaup* OR "
                "nettikaup* OR sovellu* OR appi* OR ostoskori* OR kirjautu* OR salasana* "
                "OR hakutoiminto OR haku OR navigointi OR valikko* OR käyttöliittymä* OR "
                "linkki* OR bugi* OR latautu* OR mobiili* OR tuotekuva* OR tuotesivu* OR "
                "tilausprosessi OR tilaaminen OR selain OR firefox OR chrome OR safari"
                " OR (sivu NOT kirja*) OR sivulla OR suodatin* OR "
                "tilaushistoria OR toivelista* OR chat-palvelu OR tuotearvostelu* OR "
                '"sivu kaatua" OR "sivu jumittaa"'
                " OR kokotaulukko* OR kokoopas* OR kuvaus OR tuotekuvaus* OR netti OR netissä"
                " OR lomake* OR suodat* OR nappi OR painike OR maksusivu* OR vertailu*"
                " OR tuotevertailu*"
            ),
            "sv": (
                "hemsid* OR webbplats* OR webbsid* OR sajt* OR sidan OR app OR appen OR "
                "varukorg* OR kundvagn* OR inloggning OR logga OR lösenord* OR sökfunktion* "
                "OR navig* OR webbshop* OR webbutik* OR nätbutik* OR checkout OR "
                "mobil* OR länk* OR produktbild* OR beställningsprocess*"
                ' OR storleksguide* OR storlekstabell* OR "loggade ut" OR formulär* OR knapp*'
                " OR filtr*"
                " OR nätet"
            ),
            "en": (
                "website OR site OR webshop OR web OR app OR cart OR basket OR login OR "
                "password* OR navigat* OR menu AND (site OR app OR page OR website) OR bug*"
                " OR crash* OR loading OR "
                "wishlist OR filter OR online AND (book* OR form) OR "
                "checkout AND (online OR web* OR site OR page OR webshop) OR "
                "mobile AND (site OR app OR page) OR "
                '"check out" OR "log in" OR "sign in" OR "product page" OR "search" OR '
                '"on my phone" OR "size guide" OR "product reviews"'
                ' OR "logging me out" OR "size chart" OR (page NOT spine) OR description*'
                " OR browser OR firefox OR chrome"
                ' OR safari OR "order form"'
                " OR button"
                ' OR "online shop" OR "online store" OR comparison'
            ),
        },
    },
    {
        "key": "payment",
        "name": {"fi": "Maksaminen", "sv": "Betalning", "en": "Payment"},
        "rules": {
            "fi": (
                "maksu OR maksutap* OR maksuvaihto* OR maksaminen"
                " OR (maksaa NOT euro* NOT liikaa NOT vähemmän NOT enemmän NOT tuplasti)"
                " OR lasku* OR "
                "mobilepay* OR klarna OR korttimaksu* OR pankkikortti* OR luottokortti* OR "
                "kortti OR veloit* OR lahjakortti* OR verkkopankki* OR osamaksu* OR kuitti* "
                "OR maksupääte* OR käteinen OR käteisellä OR lähimaksu* OR seteli* OR "
                '"maksaa kahdesti" OR "maksaa kortti" OR tility*'
            ),
            "sv": (
                "betal* OR swish OR klarna OR faktura* OR kortbetalning* OR kontokort* OR "
                "kortet* OR debiter* OR presentkort* OR kvitto* OR delbetalning*"
                " OR kontaktlös* OR sedlar"
                " OR kontant* OR utbetalning*"
            ),
            "en": (
                "payment* OR pay OR paid OR paying OR card OR invoice* OR klarna OR paypal "
                "OR charge OR charging OR billing OR bill OR receipt* OR cash OR invoicing OR "
                '"gift card" OR "apple pay" OR "checkout on" OR mobilepay OR "google pay"'
                " OR contactless OR banknote*"
                ' OR "bank transfer"'
                " OR instalment* OR installment* OR payout*"
                ' OR "was taken twice" OR "charged twice" OR "billed twice"'
            ),
        },
    },
    {
        "key": "hours",
        "name": {"fi": "Aukioloajat", "sv": "Öppettider", "en": "Opening hours"},
        "rules": {
            "fi": (
                "aukiolo* OR (auki NOT kassa*) OR aukeaa OR aukeava OR aueta OR aukeamisaika"
                " OR suljettu "
                'OR "mennä kiinni" '
                "OR sulkea OR (sulkeutua NOT chat*) OR sulkemisaika OR sunnuntaisin"
                " OR lauantaisin OR "
                "iltaisin OR sunnuntaiaukiolo OR lukossa OR juhlapyhä* OR pyhinä OR "
                "avata AND (aiemmin OR aikaisemmin OR myöhemmin OR aamu* OR ilta*) OR "
                '"olla kiinni" OR "myymälä kiinni" OR "kauppa kiinni" OR "liike kiinni"'
            ),
            "sv": (
                "öppettid* OR öppet OR öppna OR stängd OR stängt OR stänger OR stängning* "
                "OR söndag* OR lördag* OR kvällar OR "
                '"öppna tidigare" OR "öppet längre" OR helgdag* OR helger'
                ' OR "dygnet runt"'
            ),
            "en": (
                '"opening hours" OR "opening times" OR (closed* NOT chat) OR closing OR '
                '"open on" OR "open until" OR "open late" OR "open earlier" OR "open at" OR '
                '"open from" OR "open till" OR "open in" OR "only open" OR "said open" OR '
                '"early morning" OR sundays OR weekends OR (evening NOT order*) OR saturdays'
                ' OR "closes too early" OR "close too early" OR closes OR shut OR "longer hours"'
                ' OR "around the clock" OR "24/7"'
            ),
        },
    },
    {
        "key": "communication",
        "name": {"fi": "Viestintä", "sv": "Kommunikation", "en": "Communication"},
        "rules": {
            "fi": (
                "viesti* OR (tieto NOT sivu NOT tietokone*) OR tiedot* OR tiedottaa"
                " OR tiedotus OR ilmoitus* OR "
                'ilmoittaa OR sähköposti* OR (vastaus* NOT "eri vastaus")'
                " OR (vastata NOT odotus* NOT hinta* NOT kuva*) OR "
                "(soittaa NOT ovikello*) OR puhelu* OR yhteydenot* OR tavoittaa OR seuranta* OR "
                "seurantakoodi* OR info* OR chat* OR tekstiviesti* OR muistutus OR "
                'uutiskirje* OR (kertoa NOT "osata kertoa" NOT ero*) OR vahvistus* OR '
                '"ei kuulua" OR "ei kertoa" OR "ottaa yhteyttä" OR "aika tasa" OR "ajan tasa"'
                ' OR "saada yhteys" OR päivit* AND tilaus* OR kertomatta OR kertoma'
                " OR ilmoittamatta"
                " OR seurata AND tilaus* OR mainos OR puhelin AND (varattu OR vastata OR tavoittaa)"
                " OR ennakkoilmoitu* OR kuulua AND mikään"
            ),
            "sv": (
                "information* OR informera* OR meddel* OR mejl* OR mail* OR e-post OR "
                "svar OR svara* OR ringa OR ringde OR samtal* OR kontakt* OR spårning* OR "
                "uppdater* OR chatt* OR sms OR besked OR "
                '"höra av" OR "hörde inget" OR "inget svar"'
                ' OR "få tag på" OR "fick tag på" OR reklam OR nyhetsbrev* OR upptaget'
                " OR förvarning*"
            ),
            "en": (
                "communicat* OR email* OR e-mail OR informed OR information OR update* OR "
                'reply OR replied OR respond* OR response OR (answer* NOT "different answers")'
                ' OR call* OR "service chat" OR "i ring" OR '
                "(contact* NOT contactless) OR tracking OR chatbot* OR notif* OR reminder*"
                " OR confirmation OR "
                'newsletter* OR "live chat" OR "the chat" OR "heard nothing" OR "no word" OR '
                '"by text" OR "a text" OR "let me know" OR "nobody told"'
                ' OR "get hold of" OR "got hold of" OR "picked up the phone"'
                ' OR "without telling" OR engaged OR advert'
                ' OR unsubscrib* OR spam OR "said a word"'
                " OR follow AND order*"
                ' OR "without a word" OR "without notice" OR "without any notice" OR "no notice"'
                ' OR "ring them" OR "ring you" OR "ring back" OR "ring me" OR "ring us"'
                ' OR "ring to"'
            ),
        },
    },
    {
        "key": "range",
        "name": {"fi": "Valikoima", "sv": "Sortiment", "en": "Product range"},
        "rules": {
            "fi": (
                "valikoima* OR tuotevalikoima* OR loppuunmyy* OR varasto* OR saatavuus OR "
                "saatavil* OR loppua OR kokoj* OR kokoani OR uutuus* OR merkki* OR "
                '"olla loppu" OR "loppua kesken" OR "lisää vaihtoehto" OR '
                '"enemmän vaihtoehto" OR "laajempi valikoima" OR vegaani* OR luomu* OR '
                'ennakkotila* OR "mitä tarvita" OR '
                "(tuote* OR vaihtoehto*) AND (enemmän OR lisää OR löytyä OR tarjolla) NOT sivu"
                ' OR jäljellä OR "paljon vaihtoehto" OR loppu AND (tuote* OR koko* OR väri*)'
                " OR koko AND (löytyä OR jäljellä) OR (löytää AND tuote* NOT sivu)"
                " OR gluteeni* OR laktoosi* OR sokeriton* OR maidoton* OR hajusteeton*"
                ' OR "ei saa enää" OR "ei enää saa" OR kasvis* OR "jotain uutta"'
                ' OR "takaisin myynti"'
                ' OR "ottaa myynti" OR mallisto* OR malli AND (vain OR vähän OR enemmän OR lisää)'
                " OR hylly* AND (löytyä OR tyhjä* OR puolityhjä* OR ei) OR puolityhj*"
                " OR myydä AND (koko* OR koo)"
                " OR koossa* AND ei OR leveälesti*"
            ),
            "sv": (
                "sortiment* OR utbud* OR slutsåld* OR lager* OR slut OR "
                '"fler alternativ" OR "större urval" OR urval OR vegansk* OR ekologisk*'
                ' OR märke OR varumärke* OR "slutat sälja" OR "fanns inte kvar" OR glutenfri*'
                ' OR laktosfri* OR sockerfri* OR vegetarisk* OR "något nytt"'
            ),
            "en": (
                "range OR selection OR stock OR variety OR choice OR discontinued OR "
                "(size NOT filter NOT guide NOT chart) OR "
                '"out of stock" OR "sold out" OR "more options" OR vegan OR organic OR '
                '"wider range" OR "new arrival" OR "what I need" OR ("order in" NOT evening)'
                ' OR vegetarian OR "something new" OR "always out" OR "no longer available"'
                ' OR "out of it" OR "ran out" OR "were out of"'
                ' OR (style* OR model*) AND (only OR more OR few) OR "half empty"'
                ' OR "empty shelves"'
                ' OR "on the shelf"'
                ' OR "order more" OR options AND (more OR local OR vegan OR vegetarian) OR '
                '"gluten-free option" OR "in stock"'
                ' OR brands OR brand OR "nothing left" OR "stopped selling"'
                ' OR "right product" OR gluten* OR sugar-free OR dairy-free OR lactose*'
                ' OR fragrance-free OR unavailable OR availability OR "not available"'
                ' OR "wide fit*"'
            ),
        },
    },
]
