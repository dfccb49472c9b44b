"""Demo e-learning content, written for this project in Dutch. Six modules: two on
conversation skills, privacy, and three partner topics. Each lesson body is a list of
StreamField blocks; each quiz a list of questions (see ``demo.py`` for the shapes)."""


def text(html):
    return ("text", html)


def tip(body, title=""):
    return ("tip", {"title": title, "text": f"<p>{body}</p>"})


def checklist(title, items):
    return ("checklist", {"title": title, "items": items})


def casus(title, situation, question, answers):
    return (
        "casus",
        {
            "title": title,
            "situation": f"<p>{situation}</p>",
            "question": question,
            "model_answers": [f"<p>{answer}</p>" for answer in answers],
        },
    )


MODULES = [
    {
        "slug": "doorvragen",
        "title": "Doorvragen",
        "kind": "gesprek",
        "minutes": 40,
        "topic": "digid",
        "providers": [],
        "validity": 24,
        "intro": "Achter de eerste vraag van een bezoeker zit vaak een andere vraag. Je leert "
        "doorvragen tot de echte vraag duidelijk is.",
        "goals": "Je herkent wanneer de eerste vraag niet de echte vraag is.\n"
        "Je stelt open vragen en vat samen.\n"
        "Je weet wanneer je genoeg weet om te helpen of te verwijzen.",
        "lessons": [
            (
                "De vraag achter de vraag",
                "Waarom de eerste vraag zelden de hele vraag is.",
                [
                    text(
                        "<p>Een bezoeker zegt: 'Ik moet iets met DigiD.' Dat is een begin, geen "
                        "vraag. Misschien is de DigiD verlopen, misschien wil iemand een "
                        "toeslag aanvragen, misschien is er een brief gekomen die hij niet "
                        "begrijpt.</p><p>Pas als je weet wat de bezoeker wil bereiken, kun je "
                        "goed helpen of goed doorverwijzen.</p>"
                    ),
                    casus(
                        "Meneer met de envelop",
                        "Een man legt een envelop op de balie. 'Dit moet ik online regelen, "
                        "zeggen ze. Maar ik heb geen idee hoe.'",
                        "Welke vragen stel je om de echte vraag te vinden?",
                        [
                            "Van welke organisatie komt de brief? Wat staat erin dat u moet "
                            "doen? Voor wanneer moet het geregeld zijn?",
                        ],
                    ),
                    tip(
                        "Laat de bezoeker eerst uitpraten. Wie meteen gaat klikken, mist "
                        "vaak de helft van het verhaal."
                    ),
                ],
            ),
            (
                "Open vragen en samenvatten",
                "Zo krijg je meer te horen dan ja of nee.",
                [
                    text(
                        "<p>Een open vraag begint vaak met <strong>wat</strong>, "
                        "<strong>hoe</strong> of <strong>waarom</strong>. 'Wat wilt u "
                        "regelen?' levert meer op dan 'Gaat het over uw DigiD?'</p><p>Vat "
                        "daarna in je eigen woorden samen wat je hebt gehoord. Dan merkt de "
                        "bezoeker dat je luistert en kan hij je verbeteren.</p>"
                    ),
                    checklist(
                        "Voor je gaat helpen",
                        [
                            "Ik weet om welke organisatie het gaat.",
                            "Ik weet wat de bezoeker wil bereiken.",
                            "Ik weet of er een termijn is.",
                            "Ik heb samengevat en de bezoeker is het ermee eens.",
                        ],
                    ),
                ],
            ),
            (
                "Helpen of verwijzen",
                "Het IDO helpt op weg, maar neemt de zaak niet over.",
                [
                    text(
                        "<p>Als de vraag duidelijk is, kies je: kan de bezoeker hier verder "
                        "met een beetje hulp, of hoort de vraag bij een organisatie of een "
                        "lokale hulpverlener? Het IDO geeft geen inhoudelijk advies over de "
                        "zaak zelf. Goed verwijzen is juist de kracht van het IDO.</p>"
                    ),
                    casus(
                        "Mevrouw en de huurtoeslag",
                        "Een vrouw vraagt of zij recht heeft op huurtoeslag. Ze wil dat jij "
                        "het voor haar uitrekent.",
                        "Wat doe je?",
                        [
                            "Je laat haar zelf de proefberekening op de website van de "
                            "Belastingdienst invullen en helpt met de website. Of ze recht "
                            "heeft, beoordeelt de Belastingdienst, niet jij.",
                        ],
                    ),
                ],
            ),
        ],
        "quiz": [
            (
                "single",
                "Een bezoeker zegt: 'Ik moet iets met DigiD.' Wat doe je eerst?",
                [
                    (
                        "Ik vraag wat hij met DigiD wil regelen.",
                        True,
                        "Goed: eerst de echte vraag, dan pas de oplossing.",
                    ),
                    (
                        "Ik open meteen de website van DigiD.",
                        False,
                        "Dan weet je nog niet wat de bezoeker wil bereiken.",
                    ),
                    (
                        "Ik verwijs hem naar de gemeente.",
                        False,
                        "Verwijzen kan pas als je weet waar de vraag over gaat.",
                    ),
                ],
                "",
            ),
            (
                "multi",
                "Welke vragen zijn open vragen?",
                [
                    ("Wat wilt u vandaag regelen?", True, ""),
                    ("Hoe bent u aan deze brief gekomen?", True, ""),
                    (
                        "Heeft u een DigiD?",
                        False,
                        "Dit is een gesloten vraag: het antwoord is ja of nee.",
                    ),
                ],
                "Open vragen beginnen vaak met wat, hoe of waarom.",
            ),
            (
                "tf",
                "Samenvatten is alleen nodig als de bezoeker slecht Nederlands spreekt.",
                False,
                "Samenvatten helpt bij elke bezoeker: zo controleer je of je het goed "
                "begrepen hebt.",
            ),
            (
                "order",
                "Zet de stappen van een goed gesprek in de volgorde.",
                [
                    "Luisteren tot de bezoeker is uitgepraat",
                    "Doorvragen met open vragen",
                    "Samenvatten",
                    "Helpen of verwijzen",
                ],
            ),
            (
                "scenario",
                "Een bezoeker zegt: 'Ik krijg steeds brieven van het CJIB en ik weet "
                "niet meer wat ik moet doen.'",
                "Welke vervolgvraag is het beste?",
                [
                    (
                        "Wat staat er in de laatste brief die u kreeg?",
                        True,
                        "Zo kom je te weten om welke boete het gaat en wat de volgende stap is.",
                    ),
                    (
                        "Heeft u de boete al betaald?",
                        False,
                        "Een gesloten vraag: je mist zo wat de bezoeker echt bezighoudt.",
                    ),
                    (
                        "Zal ik het CJIB voor u bellen?",
                        False,
                        "Je neemt de zaak dan over. Help de bezoeker liever zelf verder.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "zakelijke-empathie",
        "title": "Zakelijke empathie",
        "kind": "gesprek",
        "minutes": 30,
        "topic": None,
        "providers": [],
        "validity": 24,
        "intro": "Warm en betrokken, maar met professionele afstand. Zo help je bezoekers die "
        "boos, verdrietig of in paniek zijn.",
        "goals": "Je laat merken dat je de emotie van de bezoeker ziet.\n"
        "Je blijft bij je rol en neemt de zaak niet over.\n"
        "Je stelt grenzen op een vriendelijke manier.",
        "lessons": [
            (
                "Emotie erkennen",
                "Eerst de emotie, dan de vraag.",
                [
                    text(
                        "<p>Iemand die boos of bang is, kan nog niet goed luisteren. Benoem "
                        "wat je ziet: 'Ik merk dat deze brief u veel zorgen geeft.' Daarna "
                        "is er ruimte voor de vraag.</p>"
                    ),
                    tip(
                        "Erkennen is niet hetzelfde als gelijk geven. Je kunt begrip tonen "
                        "zonder te zeggen dat de organisatie fout zit.",
                        "Let op",
                    ),
                ],
            ),
            (
                "Grenzen stellen",
                "Betrokken blijven zonder de zaak over te nemen.",
                [
                    text(
                        "<p>Soms vraagt een bezoeker je om zijn wachtwoord te onthouden, zijn "
                        "formulier in te vullen of met de organisatie te bellen. Dat doe je "
                        "niet. Je legt uit waarom en biedt aan wat wel kan: samen kijken, "
                        "uitleggen, de weg wijzen.</p>"
                    ),
                    casus(
                        "Het wachtwoord",
                        "Een oudere vrouw wil dat jij haar DigiD-wachtwoord bewaart, 'want "
                        "jij bent toch altijd hier'.",
                        "Hoe reageer je?",
                        [
                            "Vriendelijk maar duidelijk: 'Uw wachtwoord is alleen van u. Ik "
                            "help u graag om het ergens veilig op te schrijven.'",
                        ],
                    ),
                ],
            ),
        ],
        "quiz": [
            (
                "scenario",
                "Een bezoeker slaat met zijn hand op de balie: 'Die toeslagen maken "
                "mijn leven kapot!'",
                "Wat zeg je eerst?",
                [
                    (
                        "Ik hoor dat u hier erg boos over bent. Vertel eens wat er is gebeurd.",
                        True,
                        "Je erkent de emotie en nodigt uit tot het verhaal.",
                    ),
                    (
                        "Meneer, rustig aan, anders kan ik u niet helpen.",
                        False,
                        "Dit zet de bezoeker op zijn plek en maakt het gesprek moeilijker.",
                    ),
                    (
                        "Daar kan ik niets aan doen, u moet bij de Belastingdienst zijn.",
                        False,
                        "Te snel verwezen: je weet nog niet wat de vraag is.",
                    ),
                ],
            ),
            (
                "tf",
                "Zakelijke empathie betekent dat je de bezoeker altijd gelijk geeft.",
                False,
                "Je toont begrip, maar je blijft neutraal over de zaak zelf.",
            ),
            (
                "single",
                "Een bezoeker vraagt je zijn formulier voor hem in te vullen. Wat doe je?",
                [
                    ("Ik laat hem zelf typen en leg per vraag uit wat er bedoeld wordt.", True, ""),
                    (
                        "Ik vul het snel in, dan is hij sneller geholpen.",
                        False,
                        "De bezoeker typt zijn eigen gegevens; het IDO neemt de zaak niet over.",
                    ),
                ],
                "Bezoekers vullen hun eigen gegevens in.",
            ),
            (
                "multi",
                "Wat hoort bij professionele afstand?",
                [
                    ("Geen wachtwoorden bewaren voor bezoekers", True, ""),
                    ("Uitleggen wat je wel en niet kunt doen", True, ""),
                    (
                        "Je privételefoonnummer geven voor later",
                        False,
                        "Zo maak je de bezoeker afhankelijk van jou persoonlijk.",
                    ),
                ],
                "",
            ),
        ],
    },
    {
        "slug": "privacy-in-het-ido",
        "title": "Privacy in het IDO",
        "kind": "privacy",
        "minutes": 35,
        "topic": "digid",
        "providers": [],
        "validity": 12,
        "intro": "Welke gegevens mag je zien en bewaren? Wat doe je nooit? De privacyregels "
        "van het informatiepunt in de praktijk.",
        "goals": "Je kent de regels: geen BSN verwerken, geen DigiD voor een ander.\n"
        "Je laat de bezoeker zelf zijn gegevens typen.\n"
        "Je weet wat je registreert: de vraag, niet de persoon.",
        "lessons": [
            (
                "Wat je nooit doet",
                "De harde grenzen van het IDO.",
                [
                    checklist(
                        "Nooit",
                        [
                            "Een burgerservicenummer (BSN) noteren of bewaren.",
                            "Een DigiD aanvragen of gebruiken voor iemand anders.",
                            "Gegevens van de bezoeker zelf intypen.",
                            "Kopieën van brieven of paspoorten bewaren.",
                        ],
                    ),
                    text(
                        "<p>De bezoeker typt zijn eigen gegevens. Jij kijkt mee en legt uit. "
                        "Zo blijft de bezoeker baas over zijn eigen zaken.</p>"
                    ),
                ],
            ),
            (
                "Registreren zonder persoonsgegevens",
                "Je telt vragen, geen mensen.",
                [
                    text(
                        "<p>Het IDO houdt bij welke vragen er komen: het onderwerp, de "
                        "organisatie, hoe lang het duurde en of je hebt verwezen. Naam, "
                        "adres of BSN van de bezoeker schrijf je nooit op.</p>"
                    ),
                    casus(
                        "Na het gesprek",
                        "Je hebt een bezoeker geholpen met de aanvraag van zorgtoeslag. Een "
                        "collega vraagt je de naam van de bezoeker in het registratieformulier "
                        "te zetten, 'voor als hij terugkomt'.",
                        "Wat doe je?",
                        [
                            "Je registreert alleen de vraag (zorgtoeslag, Belastingdienst, "
                            "duur, doorverwezen of niet). De naam noteer je niet.",
                        ],
                    ),
                ],
            ),
            (
                "Na afloop: niets achterlaten",
                "De computer schoon voor de volgende bezoeker.",
                [
                    checklist(
                        "Als de bezoeker weggaat",
                        [
                            "Uitloggen bij DigiD en mijn-omgevingen.",
                            "Browser sluiten (geschiedenis en downloads wissen).",
                            "Geprinte papieren meegeven of in de papierversnipperaar.",
                        ],
                    ),
                    tip("Zeg hardop wat je doet: 'Ik log nu voor u uit.' Dat geeft vertrouwen."),
                ],
            ),
        ],
        "quiz": [
            (
                "tf",
                "Je mag het BSN van een bezoeker noteren als hij dat zelf goed vindt.",
                False,
                "Het IDO verwerkt nooit een BSN, ook niet met toestemming.",
            ),
            (
                "single",
                "Wie typt de gegevens van de bezoeker in?",
                [
                    ("De bezoeker zelf", True, ""),
                    (
                        "De medewerker, dat gaat sneller",
                        False,
                        "De bezoeker typt zijn eigen gegevens; jij kijkt mee en legt uit.",
                    ),
                    (
                        "Maakt niet uit",
                        False,
                        "Het maakt wel uit: de bezoeker blijft baas over zijn zaken.",
                    ),
                ],
                "",
            ),
            (
                "multi",
                "Wat registreer je na een gesprek?",
                [
                    ("Het onderwerp van de vraag", True, ""),
                    ("Of je hebt doorverwezen", True, ""),
                    ("De naam van de bezoeker", False, "Je registreert vragen, geen personen."),
                    ("Het BSN", False, "Een BSN verwerk je nooit."),
                ],
                "",
            ),
            (
                "order",
                "Zet de stappen na afloop in de goede volgorde.",
                [
                    "Uitloggen bij DigiD en mijn-omgevingen",
                    "Browser sluiten en geschiedenis wissen",
                    "Papieren meegeven of versnipperen",
                ],
            ),
        ],
    },
    {
        "slug": "belastingdienst-en-toeslagen",
        "title": "Belastingdienst & Toeslagen",
        "kind": "partner",
        "minutes": 45,
        "topic": "huurtoeslag",
        "providers": ["belastingdienst"],
        "validity": 12,
        "intro": "Aangifte, huurtoeslag en zorgtoeslag: wat de Belastingdienst en Dienst "
        "Toeslagen doen en waar je naartoe verwijst.",
        "goals": "Je kent het verschil tussen belasting en toeslagen.\n"
        "Je helpt met de proefberekening en Mijn toeslagen.\n"
        "Je weet wanneer je naar de BelastingTelefoon of een sociaal raadsman verwijst.",
        "lessons": [
            (
                "Belasting of toeslag?",
                "Twee soorten vragen bij één organisatie.",
                [
                    text(
                        "<p>Bij de <strong>belasting</strong> gaat het om geld dat iemand "
                        "betaalt of terugkrijgt, zoals bij de aangifte inkomstenbelasting. Bij "
                        "een <strong>toeslag</strong> krijgt iemand een bijdrage in de kosten, "
                        "zoals huurtoeslag of zorgtoeslag. Toeslagen zijn voorschotten: later "
                        "volgt een definitieve berekening.</p>"
                    ),
                    tip(
                        "Wijzigingen in inkomen of huishouden moeten snel worden doorgegeven. "
                        "Anders moet de bezoeker later misschien veel terugbetalen."
                    ),
                ],
            ),
            (
                "Waar verwijs je naartoe?",
                "De juiste ingang voor elke vraag.",
                [
                    text(
                        "<p>Algemene vragen gaan naar de BelastingTelefoon. Bij schulden of "
                        "een terugvordering die iemand niet kan betalen, is een sociaal "
                        "raadsman of schuldhulp van de gemeente vaak de beste stap.</p>"
                    ),
                    casus(
                        "Terugbetalen",
                        "Een vader heeft een brief dat hij € 2.400 huurtoeslag moet "
                        "terugbetalen. Hij kan dat niet in één keer.",
                        "Waar help je hem mee en waar verwijs je naartoe?",
                        [
                            "Je helpt hem op de website te vinden hoe hij een "
                            "betalingsregeling aanvraagt. Bij geldzorgen verwijs je ook naar "
                            "schuldhulp van de gemeente of een sociaal raadsman.",
                        ],
                    ),
                ],
            ),
        ],
        "quiz": [
            (
                "single",
                "Wat is huurtoeslag?",
                [
                    ("Een bijdrage in de huurkosten", True, ""),
                    (
                        "Een belasting op huur",
                        False,
                        "Huurtoeslag is geen belasting maar een bijdrage.",
                    ),
                    ("Een lening van de gemeente", False, "Huurtoeslag komt van Dienst Toeslagen."),
                ],
                "",
            ),
            (
                "tf",
                "Een toeslag is een voorschot; later volgt een definitieve berekening.",
                True,
                "Daarom is het belangrijk wijzigingen snel door te geven.",
            ),
            (
                "scenario",
                "Een bezoeker zegt: 'Ik moet duizenden euro's toeslag terugbetalen en "
                "ik heb dat geld niet.'",
                "Wat is de beste volgende stap?",
                [
                    (
                        "Samen kijken hoe hij een betalingsregeling aanvraagt en hem wijzen op "
                        "schuldhulp.",
                        True,
                        "Je helpt op weg en verwijst voor de geldzorgen.",
                    ),
                    (
                        "Zeggen dat hij bezwaar moet maken, want dat wint hij vast.",
                        False,
                        "Dat is inhoudelijk advies over de zaak: dat geeft het IDO niet.",
                    ),
                    (
                        "Hem naar de RDW sturen.",
                        False,
                        "De RDW gaat over voertuigen, niet over toeslagen.",
                    ),
                ],
            ),
            (
                "multi",
                "Welke toeslagen zijn er?",
                [
                    ("Huurtoeslag", True, ""),
                    ("Zorgtoeslag", True, ""),
                    ("Rijbewijstoeslag", False, "Die bestaat niet."),
                ],
                "",
            ),
        ],
    },
    {
        "slug": "cjib",
        "title": "CJIB: boetes en betalingsregelingen",
        "kind": "partner",
        "minutes": 25,
        "topic": "betalingsregeling-boete",
        "providers": ["cjib"],
        "validity": 12,
        "intro": "Wat het Centraal Justitieel Incassobureau doet, en hoe je een bezoeker helpt "
        "die een boete niet in één keer kan betalen.",
        "goals": "Je weet wat het CJIB int.\n"
        "Je helpt een bezoeker een betalingsregeling aan te vragen.\n"
        "Je weet dat een boete door niet betalen hoger wordt.",
        "lessons": [
            (
                "Wat doet het CJIB?",
                "Boetes innen voor de overheid.",
                [
                    text(
                        "<p>Het CJIB int onder meer verkeersboetes en strafbeschikkingen. Wie "
                        "niet op tijd betaalt, krijgt een aanmaning met een hoger bedrag. "
                        "Daarom loont het om snel te handelen.</p>"
                    ),
                    tip(
                        "Vraag altijd naar de laatste brief: daarop staat het actuele bedrag "
                        "en de termijn."
                    ),
                ],
            ),
            (
                "Een betalingsregeling aanvragen",
                "Zo help je iemand die niet in één keer kan betalen.",
                [
                    checklist(
                        "Wat de bezoeker nodig heeft",
                        [
                            "De brief met het CJIB-nummer",
                            "DigiD",
                            "Zicht op wat hij per maand kan betalen",
                        ],
                    ),
                    casus(
                        "Drie boetes",
                        "Een jonge vrouw heeft drie verkeersboetes en weet niet welke ze "
                        "eerst moet betalen.",
                        "Hoe help je haar?",
                        [
                            "Je kijkt samen op de website van het CJIB naar haar openstaande "
                            "boetes en helpt haar een betalingsregeling aan te vragen. Bij "
                            "meer schulden wijs je op schuldhulp.",
                        ],
                    ),
                ],
            ),
        ],
        "quiz": [
            (
                "single",
                "Wat int het CJIB?",
                [
                    ("Boetes, zoals verkeersboetes", True, ""),
                    ("Studieschulden", False, "Studieschulden zijn van DUO."),
                    ("De eigen bijdrage voor zorg", False, "Dat doet het CAK."),
                ],
                "",
            ),
            (
                "tf",
                "Een boete wordt hoger als je niet op tijd betaalt.",
                True,
                "Na een aanmaning komt er een verhoging bij.",
            ),
            (
                "order",
                "Zet de stappen voor een betalingsregeling in de volgorde.",
                [
                    "De laatste brief erbij pakken",
                    "Inloggen met DigiD op de website van het CJIB",
                    "De betalingsregeling aanvragen",
                ],
            ),
            (
                "multi",
                "Wat heeft de bezoeker nodig voor een betalingsregeling?",
                [
                    ("De brief met het CJIB-nummer", True, ""),
                    ("DigiD", True, ""),
                    (
                        "Een kopie van zijn paspoort voor het IDO",
                        False,
                        "Het IDO bewaart nooit kopieën van documenten.",
                    ),
                ],
                "",
            ),
        ],
    },
    {
        "slug": "duo",
        "title": "DUO: studiefinanciering en terugbetalen",
        "kind": "partner",
        "minutes": 25,
        "topic": "studiefinanciering",
        "providers": ["duo"],
        "validity": 12,
        "intro": "Studiefinanciering aanvragen, wijzigingen doorgeven en een studieschuld "
        "terugbetalen: wat DUO doet en waar je verwijst.",
        "goals": "Je weet wat DUO regelt.\n"
        "Je helpt met Mijn DUO.\n"
        "Je weet dat aflossen naar draagkracht bestaat.",
        "lessons": [
            (
                "Wat doet DUO?",
                "Van studiefinanciering tot inburgering.",
                [
                    text(
                        "<p>DUO regelt studiefinanciering, het terugbetalen van studieschuld "
                        "en de inburgering. Bijna alles gaat via Mijn DUO, met DigiD.</p>"
                    ),
                    tip("Bij inburgeringsvragen is de gemeente vaak ook betrokken."),
                ],
            ),
            (
                "Terugbetalen naar draagkracht",
                "Wie weinig verdient, betaalt minder.",
                [
                    text(
                        "<p>Wie een laag inkomen heeft, kan DUO vragen het maandbedrag aan te "
                        "passen aan zijn inkomen. Dat heet aflossen naar draagkracht.</p>"
                    ),
                    casus(
                        "Te hoog maandbedrag",
                        "Een man zegt dat hij zijn maandbedrag aan DUO niet meer kan betalen "
                        "sinds hij minder werkt.",
                        "Wat doe je?",
                        [
                            "Je helpt hem in Mijn DUO te vinden hoe hij zijn maandbedrag laat "
                            "aanpassen aan zijn inkomen.",
                        ],
                    ),
                ],
            ),
        ],
        "quiz": [
            (
                "single",
                "Waar regelt een student zijn studiefinanciering?",
                [
                    ("In Mijn DUO", True, ""),
                    ("Bij het CJIB", False, "Het CJIB int boetes."),
                    ("Bij de SVB", False, "De SVB betaalt onder meer AOW en kinderbijslag."),
                ],
                "",
            ),
            (
                "tf",
                "Wie weinig verdient, kan een lager maandbedrag aan DUO vragen.",
                True,
                "Dat heet aflossen naar draagkracht.",
            ),
            (
                "scenario",
                "Een bezoeker zegt: 'DUO schrijft dat ik moet gaan terugbetalen, maar "
                "ik heb bijna geen inkomen.'",
                "Wat is de beste vervolgvraag?",
                [
                    (
                        "Zullen we samen in Mijn DUO kijken wat uw maandbedrag is en of het omlaag "
                        "kan?",
                        True,
                        "Je helpt op weg met de mogelijkheid van draagkracht.",
                    ),
                    (
                        "Waarom heeft u ook zo veel geleend?",
                        False,
                        "Een oordeel helpt de bezoeker niet verder.",
                    ),
                ],
            ),
            (
                "multi",
                "Wat regelt DUO?",
                [
                    ("Studiefinanciering", True, ""),
                    ("Inburgering", True, ""),
                    ("Kinderbijslag", False, "Kinderbijslag is van de SVB."),
                ],
                "",
            ),
        ],
    },
]

BASIC_PATH = {
    "slug": "basisopleiding",
    "title": "Basisopleiding IDO-medewerker",
    "intro": "De basis voor elke medewerker van het informatiepunt: de e-learning, de "
    "vaardigheidstraining met een trainingsacteur, en Privacy in het IDO.",
    "modules": ["doorvragen", "zakelijke-empathie", "belastingdienst-en-toeslagen"],
    "last": "privacy-in-het-ido",
}
