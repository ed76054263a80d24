"""Country names, adjectives and titles in French, Spanish, Portuguese, German, Italian,
Indonesian, Russian and Chinese news: what extraction in those languages relies on, and what
must not match."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from tools.kb_build import i18n, russian

from parley.kb.countries import (
    I18N_LANGS,
    Countries,
    _i18n_forms,
    acronym_key,
    data_dir,
    is_case_sensitive,
    name_key,
)
from parley.kb.people import ROLES, TITLES_I18N_TSV, TITLES_TSV, PeopleKB, load_titles

I18N_TSV = data_dir() / "countries_i18n.tsv"


@pytest.fixture(scope="module")
def countries() -> Countries:
    return Countries.default()


@pytest.fixture(scope="module")
def kb() -> PeopleKB:
    return PeopleKB.default()


def forms_of(countries: Countries, lang: str, kind: str) -> dict[str, set[str]]:
    """name_key(form) -> codes, for one language and kind."""
    out: dict[str, set[str]] = defaultdict(set)
    for form, code, how in countries.surface_forms(lang):
        if how == kind:
            out[name_key(form)].add(code)
    return out


def rows() -> list[dict[str, str]]:
    with I18N_TSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- countries: names and adjectives ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "form", "code", "kind"),
    [
        ("fr", "chinoise", "CHN", "adjective"),
        ("fr", "chinoises", "CHN", "adjective"),
        ("fr", "Chine", "CHN", "name"),
        ("fr", "République populaire de Chine", "CHN", "name"),
        ("fr", "États-Unis", "USA", "name"),
        ("fr", "Etats-Unis", "USA", "name"),
        ("fr", "nigérien", "NER", "adjective"),
        ("fr", "nigérian", "NGA", "adjective"),
        ("fr", "RDC", "COD", "name"),
        ("fr", "ONU", "UN", "name"),
        ("fr", "onusien", "UN", "adjective"),
        ("fr", "OTAN", "NATO", "name"),
        ("fr", "UE", "EU", "name"),
        ("es", "chino", "CHN", "adjective"),
        ("es", "chinas", "CHN", "adjective"),
        ("es", "EE.UU.", "USA", "name"),
        ("es", "estadounidense", "USA", "adjective"),
        ("es", "alemana", "DEU", "adjective"),
        ("es", "Congo", "COD", "name"),
        ("pt", "chinesa", "CHN", "adjective"),
        ("pt", "alemães", "DEU", "adjective"),
        ("pt", "EUA", "USA", "name"),
        ("pt", "guineense", "GNB", "adjective"),
        ("de", "chinesischen", "CHN", "adjective"),
        ("de", "Chinas", "CHN", "name"),
        ("de", "Russlands", "RUS", "name"),
        ("de", "Vereinigte Staaten", "USA", "name"),
        ("de", "USA", "USA", "name"),
        ("de", "Nato", "NATO", "name"),
        ("de", "schweizer", "CHE", "adjective"),
        ("it", "cinesi", "CHN", "adjective"),
        ("it", "tedeschi", "DEU", "adjective"),
        ("it", "Stati Uniti", "USA", "name"),
        ("it", "Principato di Monaco", "MCO", "name"),
        ("id", "Tiongkok", "CHN", "name"),
        ("id", "RRT", "CHN", "name"),
        ("id", "Amerika Serikat", "USA", "name"),
        ("id", "AS", "USA", "name"),
        ("id", "PBB", "UN", "name"),
        ("id", "Uni Eropa", "EU", "name"),
        ("id", "Inggris", "GBR", "name"),
        ("it", "Ue", "EU", "name"),
        ("it", "Onu", "UN", "name"),
        ("it", "Nato", "NATO", "name"),
        ("it", "Osce", "OSCE", "name"),
        ("es", "Otan", "NATO", "name"),
        ("pt", "Otan", "NATO", "name"),
        ("ru", "Россия", "RUS", "name"),
        ("ru", "России", "RUS", "name"),
        ("ru", "Россию", "RUS", "name"),
        ("ru", "Россией", "RUS", "name"),
        ("ru", "Российской Федерации", "RUS", "name"),
        ("ru", "Индия", "IND", "name"),
        ("ru", "Индией", "IND", "name"),
        ("ru", "Китаем", "CHN", "name"),
        ("ru", "Китае", "CHN", "name"),
        ("ru", "КНР", "CHN", "name"),
        ("ru", "США", "USA", "name"),
        ("ru", "Соединённых Штатов", "USA", "name"),
        ("ru", "Соединенных Штатов Америки", "USA", "name"),
        ("ru", "Таиландом", "THA", "name"),
        ("ru", "Египта", "EGY", "name"),
        ("ru", "Беларусью", "BLR", "name"),
        ("ru", "Южной Кореи", "KOR", "name"),
        ("ru", "КНДР", "PRK", "name"),
        ("ru", "Объединённых Арабских Эмиратов", "ARE", "name"),
        ("ru", "Филиппин", "PHL", "name"),
        ("ru", "Шри-Ланки", "LKA", "name"),
        ("ru", "Боснии и Герцеговины", "BIH", "name"),
        ("ru", "Евросоюза", "EU", "name"),
        ("ru", "ЕС", "EU", "name"),
        ("ru", "Организации Объединённых Наций", "UN", "name"),
        ("ru", "ООН", "UN", "name"),
        ("ru", "НАТО", "NATO", "name"),
        ("ru", "Большой семёрки", "G7", "name"),
        ("ru", "российский", "RUS", "adjective"),
        ("ru", "российскими", "RUS", "adjective"),
        ("ru", "индийским", "IND", "adjective"),
        ("ru", "китайскую", "CHN", "adjective"),
        ("ru", "американского", "USA", "adjective"),
        ("ru", "турецкой", "TUR", "adjective"),
        ("zh", "中国", "CHN", "name"),
        ("zh", "中华人民共和国", "CHN", "name"),
        ("zh", "俄罗斯", "RUS", "name"),
        ("zh", "美国", "USA", "name"),
        ("zh", "欧盟", "EU", "name"),
        ("zh", "联合国", "UN", "name"),
        ("zh", "印度", "IND", "name"),
        ("zh", "日本", "JPN", "name"),
        ("zh", "朝鲜", "PRK", "name"),
        ("zh", "韩国", "KOR", "name"),
        ("zh", "北约", "NATO", "name"),
        ("zh", "东盟", "ASEAN", "name"),
        ("zh", "蒙古国", "MNG", "name"),
        ("zh", "多米尼克", "DMA", "name"),
        ("zh", "多米尼加", "DOM", "name"),
    ],
)
def test_forms(countries: Countries, lang: str, form: str, code: str, kind: str) -> None:
    assert (form, code, kind) in set(countries.surface_forms(lang))


@pytest.mark.parametrize(
    ("lang", "form", "why"),
    [
        ("it", "Monaco", "Munich in Italian"),
        ("fr", "Grenade", "a grenade; Granada"),
        ("es", "Granada", "the Spanish city"),
        ("pt", "Granada", "a grenade; the Spanish city"),
        ("fr", "Maurice", "a first name"),
        ("fr", "Dominique", "a first name"),
        ("fr", "Hollande", "François Hollande"),
        ("fr", "Congo", "either Congo"),
        ("fr", "congolais", "either Congo"),
        ("fr", "Amérique", "the continent"),
        ("es", "América", "the continent"),
        ("de", "Amerika", "the continent"),
        ("id", "Amerika", "the continent"),
        ("fr", "Quad", "a quad bike"),
        ("ru", "Того", "the pronoun 'of that'"),
        ("ru", "Америка", "the continent"),
        ("ru", "Америки", "the continent, declined"),
        ("ru", "Англия", "England"),
        ("zh", "中", "one character"),
        ("zh", "美", "one character"),
        ("zh", "中非", "China-Africa"),
        ("zh", "蒙古", "Inner Mongolia"),
    ],
)
def test_false_friends_are_left_out(countries: Countries, lang: str, form: str, why: str) -> None:
    assert name_key(form) not in {name_key(f) for f, _, _ in countries.surface_forms(lang)}, why


def test_excluded_forms(countries: Countries) -> None:
    """The forms each language leaves out on purpose, for callers that add English names."""
    assert name_key("Monaco") in countries.excluded_forms("it")
    assert name_key("Congo") in countries.excluded_forms("fr")
    assert name_key("America") in countries.excluded_forms("es")  # "América Latina"
    assert name_key("Jordan") in countries.excluded_forms("de")  # the river
    assert name_key("Quad") in countries.excluded_forms("fr")
    assert name_key("Того") in countries.excluded_forms("ru")
    assert name_key("中") in countries.excluded_forms("zh")
    assert name_key("anglais") in countries.excluded_forms("fr")  # adjectives too
    # a key the language keeps in another case is not excluded: Italian keeps "USA"
    assert name_key("USA") not in countries.excluded_forms("it")
    assert name_key("Monaco") not in countries.excluded_forms("fr")
    assert countries.excluded_forms("en") == frozenset()
    assert countries.excluded_forms("nl") == frozenset()
    for lang in I18N_LANGS:
        kept = {name_key(f) for f, _, _ in countries.surface_forms(lang)}
        assert not countries.excluded_forms(lang) & kept, lang


def test_russian_declension() -> None:
    """Regular forms by rule; irregular ones from the table; other shapes stay as written."""
    assert russian.decline("Россия") == ["Россия", "России", "Россию", "Россией"]
    assert russian.decline("Китай") == ["Китай", "Китая", "Китаю", "Китаем", "Китае"]
    assert russian.decline("Египет")[1] == "Египта"
    assert russian.decline("Мьянма") == ["Мьянма", "Мьянмы", "Мьянме", "Мьянму", "Мьянмой"]
    assert russian.decline("Польша")[1::3] == ["Польши", "Польшей"]
    assert "Соединенных Штатов Америки" in russian.decline("Соединённые Штаты Америки")
    assert russian.decline("Республика Корея")[1] == "Республики Корея"
    assert russian.decline("Сент-Винсент и Гренадины")[1] == "Сент-Винсента и Гренадин"
    assert russian.decline("Движение неприсоединения")[1] == "Движения неприсоединения"
    assert russian.decline("Марокко") == ["Марокко"]
    assert russian.decline("Буркина-Фасо") == ["Буркина-Фасо"]
    assert russian.decline("Маршалловы Острова") == ["Маршалловы Острова"]
    minister = russian.decline("министр иностранных дел", animate=True)
    assert minister[1] == "министра иностранных дел" and len(minister) == 5
    assert "генеральным секретарём ООН" in russian.decline("генеральный секретарь ООН", True)
    assert russian.adjective_forms("российский") == [
        "российский", "российского", "российскому", "российским", "российском", "российская",
        "российской", "российскую", "российское", "российские", "российских", "российскими",
    ]  # fmt: skip
    assert "большим" in russian.adjective_forms("большой")


def test_italian_usa_only_in_capitals(countries: Countries) -> None:
    """Italian papers write "Usa", but lower case it is the verb "usa": only "USA" is listed."""
    italian = {f for f, _, _ in countries.surface_forms("it")}
    assert "USA" in italian and "Usa" not in italian


def test_every_code_is_known(countries: Countries) -> None:
    table = rows()
    assert table, "countries_i18n.tsv is empty"
    assert {r["code"] for r in table} <= {c.code for c in countries}
    assert {r["lang"] for r in table} == set(I18N_LANGS)


def test_coverage_of_states_and_bodies(countries: Countries) -> None:
    """Every UN member, Taiwan, Palestine, Kosovo and the Vatican, and every body, in every
    language. French Grenada is nameless (its French name is a grenade), and Indonesian has
    no name of its own for the Council of Europe ("Dewan Eropa" is also the European Council)."""
    states = {c.code for c in countries if c.kind == "state" and "UN" in c.orgs}
    assert len(states) == 193
    states |= {"TWN", "PSE", "XKX", "VAT"}
    bodies = {c.code for c in countries if c.kind == "org"}
    named = {(r["code"], r["lang"]) for r in rows() if r["names"]}
    missing = {(c, lang) for c in states | bodies for lang in I18N_LANGS} - named
    assert missing == {("GRD", "fr"), ("COE", "id")}
    with_adjective = {(r["code"], r["lang"]) for r in rows() if r["adjectives"]}
    for lang in ("fr", "es", "pt", "de", "it", "ru"):
        assert len({c for c, lg in with_adjective if lg == lang and c in states}) >= 180, lang


@pytest.mark.parametrize("lang", I18N_LANGS)
@pytest.mark.parametrize("kind", ["name", "adjective"])
def test_no_form_belongs_to_two_codes(countries: Countries, lang: str, kind: str) -> None:
    """A form two codes claim was dropped at build time (or left with the preferred code)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for form, code, how in countries.surface_forms(lang):
        if how == kind:
            key = acronym_key(form) if is_case_sensitive(form) else name_key(form)
            owners[key].add(code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize("lang", I18N_LANGS)
def test_no_adjective_is_another_codes_name(countries: Countries, lang: str) -> None:
    names, adjectives = forms_of(countries, lang, "name"), forms_of(countries, lang, "adjective")
    clashes = {k: (names[k], adjectives[k]) for k in names.keys() & adjectives.keys()}
    assert {k: v for k, v in clashes.items() if v[0] != v[1]} == {}


def test_adjectives_are_lower_case_and_indonesian_has_none(countries: Countries) -> None:
    """Indonesian and Chinese write the name, not an adjective ("Menlu China", "中国外长")."""
    for lang in I18N_LANGS:
        adjectives = [f for f, _, how in countries.surface_forms(lang) if how == "adjective"]
        assert all(f == f.lower() for f in adjectives), lang
        assert (lang in {"id", "zh"}) == (not adjectives)


def test_russian_adjectives_are_fully_inflected(countries: Countries) -> None:
    ru = {f for f, c, how in countries.surface_forms("ru") if c == "IND" and how == "adjective"}
    assert ru == set(russian.adjective_forms("индийский")) and len(ru) == 12


def test_no_chinese_name_is_one_character(countries: Countries) -> None:
    """One character is inside countless words: 中 in 中心, 美 in 美元, 日 in every date."""
    assert all(len(f) > 1 for f, _, _ in countries.surface_forms("zh"))


def test_german_adjectives_are_fully_inflected(countries: Countries) -> None:
    de = {f for f, c, how in countries.surface_forms("de") if c == "DEU" and how == "adjective"}
    assert de == {"deutsch", "deutsche", "deutschen", "deutscher", "deutsches", "deutschem"}


def test_english_is_unchanged_and_pays_nothing() -> None:
    """English callers get exactly the English table and never read the i18n file."""
    before = _i18n_forms.cache_info()
    fresh = Countries()
    english = list(fresh.surface_forms())
    assert english == list(fresh.surface_forms("en"))
    assert ("China", "CHN", "name") in english
    assert ("chinoise", "CHN", "adjective") not in english
    assert _i18n_forms.cache_info().misses == before.misses
    assert list(fresh.surface_forms("nl")) == []


def test_built_file_is_current() -> None:
    """The committed table is what the build makes from the sources and curated tables."""
    if not (i18n.DEFAULT_SOURCES / "mledoze-countries").is_dir():
        pytest.skip("staged sources not available")
    pytest.importorskip("babel")
    built = i18n.build(i18n.DEFAULT_SOURCES)
    assert [[r[c] for c in i18n.COLUMNS] for r in rows()] == built
    with TITLES_I18N_TSV.open(encoding="utf-8", newline="") as fh:
        titles = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [[r[c] for c in i18n.TITLE_COLUMNS] for r in titles] == i18n.build_titles()


def test_build_helpers() -> None:
    assert i18n.clean_source_name("Myanmar (Birmanie)") == ["Myanmar", "Birmanie"]
    assert i18n.clean_source_name("Congo (Rép. dém.)") == ["Congo"]
    assert i18n.clean_source_name("République -Unie de Tanzanie") == ["République-Unie de Tanzanie"]
    assert i18n.clean_source_name("nova Zelândia") == ["Nova Zelândia"]
    assert i18n.clean_source_name("Laos, República Democrática") == ["Laos"]
    assert i18n.french_plurals("Chinois", "Chinoise") == ["chinois", "chinoise", "chinoises"]
    assert i18n.french_plurals("Russe", "Russe") == ["russe", "russes"]
    assert i18n.german_genitives(["China", "Türkei", "Belarus", "Volksrepublik China"]) == [
        "Chinas"
    ]


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "phrase", "country", "role"),
    [
        ("es", "canciller", "ARG", "foreign_minister"),
        ("es", "canciller", "RUS", "foreign_minister"),
        ("es", "canciller", "DEU", "head_of_government"),
        ("es", "canciller", "AUT", "head_of_government"),
        ("es", "Cancillera", "DEU", "head_of_government"),
        ("es", "secretario de estado", "USA", "foreign_minister"),
        ("es", "presidenta", None, "head_of_state"),
        ("pt", "chanceler", "BRA", "foreign_minister"),
        ("pt", "chanceler", "DEU", "head_of_government"),
        ("pt", "primeiro-ministro", None, "head_of_government"),
        ("fr", "Ministre des Affaires etrangeres", None, "foreign_minister"),
        ("fr", "chef de la diplomatie", None, "foreign_minister"),
        ("fr", "chancelier", "DEU", "head_of_government"),
        ("fr", "secrétaire d'État", "USA", "foreign_minister"),
        ("fr", "présidente de la Commission européenne", "EU", "commission_president"),
        ("de", "Außenministerin", None, "foreign_minister"),
        ("de", "Aussenminister", None, "foreign_minister"),
        ("de", "Bundeskanzler", "DEU", "head_of_government"),
        ("de", "Ministerpräsident", "ISR", "head_of_government"),
        ("de", "Ministerpräsident", "DEU", "official"),
        ("de", "US-Außenminister", "USA", "foreign_minister"),
        ("it", "ministro degli Esteri", None, "foreign_minister"),
        ("it", "presidente del Consiglio", "ITA", "head_of_government"),
        ("it", "cancelliere", "DEU", "head_of_government"),
        ("id", "Menlu", None, "foreign_minister"),
        ("id", "perdana menteri", None, "head_of_government"),
        ("id", "sekretaris negara", "USA", "foreign_minister"),
        ("id", "sekretaris negara", "IDN", "minister"),
        ("ru", "министр иностранных дел", None, "foreign_minister"),
        ("ru", "министром иностранных дел", None, "foreign_minister"),
        ("ru", "главы МИД", None, "foreign_minister"),
        ("ru", "госсекретарем", "USA", "foreign_minister"),
        ("ru", "президенту", None, "head_of_state"),
        ("ru", "председателя КНР", "CHN", "head_of_state"),
        ("ru", "премьер-министром", None, "head_of_government"),
        ("ru", "канцлера", "DEU", "head_of_government"),
        ("ru", "генсека ООН", "UN", "secretary_general"),
        ("ru", "генеральному секретарю ООН", "UN", "secretary_general"),
        ("ru", "верховного представителя ЕС по иностранным делам", "EU", "high_representative"),
        ("zh", "外交部长", None, "foreign_minister"),
        ("zh", "外长", None, "foreign_minister"),
        ("zh", "国务委员兼外长", "CHN", "foreign_minister"),
        ("zh", "国务卿", "USA", "foreign_minister"),
        ("zh", "外交大臣", "GBR", "foreign_minister"),
        ("zh", "国家主席", "CHN", "head_of_state"),
        ("zh", "总统", None, "head_of_state"),
        ("zh", "首相", "JPN", "head_of_government"),
        ("zh", "秘书长", "UN", "secretary_general"),
        ("zh", "欧盟外交与安全政策高级代表", "EU", "high_representative"),
    ],
)
def test_title_sense(kb: PeopleKB, lang: str, phrase: str, country: str | None, role: str) -> None:
    entry = kb.title_sense(phrase, country, lang)
    assert entry is not None and entry.role == role


def test_country_only_titles_have_no_generic_sense(kb: PeopleKB) -> None:
    assert kb.title_sense("secrétaire d'état", "FRA", "fr") is None
    assert kb.title_sense("sekretaris negara", None, "id") is None
    assert kb.title_sense("canciller", "DEU") is None  # English table: no such phrase
    assert kb.title_sense("госсекретарь", "RUS", "ru") is None
    assert kb.title_sense("国务卿", "CHN", "zh") is None


def test_title_table_is_well_formed(kb: PeopleKB, countries: Countries) -> None:
    codes = {c.code for c in countries}
    for lang in I18N_LANGS:
        entries = kb.titles(lang)
        assert len(entries) >= 40, lang
        seen: dict[str, list[str | None]] = defaultdict(list)
        for t in entries:
            assert t.role in ROLES, t
            assert t.phrase == t.phrase.lower().strip() and "  " not in t.phrase, t
            assert t.title and "," not in t.title, t
            assert t.country_only is None or t.country_only in codes, t
            assert t.country_only not in seen[t.phrase], f"duplicate row {t}"
            if t.country_only is None:
                assert not seen[t.phrase], f"generic row of {t.phrase!r} must come first"
            seen[t.phrase].append(t.country_only)


def test_female_forms_are_there(kb: PeopleKB) -> None:
    phrases = {(lang, t.phrase) for lang in I18N_LANGS for t in kb.titles(lang)}
    for pair in [
        ("fr", "présidente"),
        ("fr", "première ministre"),
        ("es", "presidenta"),
        ("es", "cancillera"),
        ("pt", "presidenta"),
        ("pt", "primeira-ministra"),
        ("de", "außenministerin"),
        ("de", "bundeskanzlerin"),
        ("de", "präsidentin"),
        ("it", "ministra degli esteri"),
    ]:
        assert pair in phrases


def test_english_titles_unchanged_and_lazy() -> None:
    fresh = PeopleKB([])
    assert fresh.titles() == load_titles(TITLES_TSV)
    assert fresh.titles("en") == fresh.titles()
    assert fresh._titles_i18n is None  # English use never reads titles_i18n.tsv
    assert fresh.titles("xx") == []
    assert fresh.titles("FR") == fresh.titles("fr") != []
