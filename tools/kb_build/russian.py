"""Russian case forms of names, titles and relational adjectives, made by rule at build time.

Russian news declines what the knowledge base lists: "переговоры в России", "с министром
иностранных дел Индии", "индийским коллегой". A matcher that looks up whole words finds
only what the tables spell out, so the i18n build writes every case form a report uses:
nominative, genitive, dative, accusative, instrumental and prepositional.

Only the phrase shapes that official names and titles have are declined:
``[adjective ...] head-noun [rest]``. The adjectives agree with the head noun, the head
noun declines, and the rest (a genitive such as "иностранных дел", an apposition such as
"Корея" in "Республика Корея", an acronym) stays as written. "X и Y" after the head
declines both nouns ("Босния и Герцеговина"). Anything else stays in the nominative, and
irregular nouns ("Египет" -> "Египта") come from a table. Forms spelt with "ё" are also
given with "е", as most news sites print them.
"""

from __future__ import annotations

#: The six cases in output order.
CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "ins", "prep")

VOWELS = "аеёиоуыэюя"
VELAR = "гкх"
HUSHING = "жшчщ"

#: Nouns the rules would get wrong: the five oblique forms (gen, dat, acc, ins, prep).
IRREGULAR: dict[str, tuple[str, str, str, str, str]] = {
    "Египет": ("Египта", "Египту", "Египет", "Египтом", "Египте"),  # fleeting vowel
    "Беларусь": ("Беларуси", "Беларуси", "Беларусь", "Беларусью", "Беларуси"),  # feminine -ь
    "Гвинея-Бисау": (
        "Гвинеи-Бисау", "Гвинее-Бисау", "Гвинею-Бисау", "Гвинеей-Бисау", "Гвинее-Бисау",
    ),
    "Бангладеш": ("Бангладеш",) * 5,  # written undeclined in news
    "Конго-Киншаса": ("Конго-Киншаса",) * 5,
    "Конго-Браззавиль": ("Конго-Браззавиль",) * 5,
    "дворец": ("дворца", "дворцу", "дворец", "дворцом", "дворце"),  # fleeting vowel
    "Дворец": ("Дворца", "Дворцу", "Дворец", "Дворцом", "Дворце"),
}  # fmt: skip

#: Plural nouns and their genitive, which no rule predicts ("Штатов" but "Филиппин").
PLURAL_GENITIVE: dict[str, str] = {
    "Штаты": "Штатов",
    "Эмираты": "Эмиратов",
    "Нидерланды": "Нидерландов",
    "Филиппины": "Филиппин",
    "Мальдивы": "Мальдив",
    "Багамы": "Багам",
    "Сейшелы": "Сейшел",
    "Коморы": "Комор",
    "Гренадины": "Гренадин",
    "Острова": "Островов",
    "острова": "островов",
    "территории": "территорий",
    "Нации": "Наций",
}

#: Masculine nouns in -ь stressed on the ending: the instrumental is "-ём" (and "-ем"
#: without the dots).
END_STRESSED = frozenset({"король", "секретарь", "госсекретарь", "Кремль", "кремль"})

#: First parts of hyphenated nouns after which only the last part declines
#: ("Шри-Ланка" -> "Шри-Ланки", "премьер-министр" -> "премьер-министра").
HYPHEN_PREFIXES = frozenset(
    {
        "Шри", "Коста", "Сент", "Кот", "Эль", "Нью", "Пуэрто",
        "премьер", "вице", "экс", "штаб", "пресс",
    }
)  # fmt: skip

_ADJ_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие")


def yo_variants(forms: list[str]) -> list[str]:
    """Each form, followed by its spelling with "е" for "ё" when it has one."""
    out: list[str] = []
    for form in forms:
        for f in (form, form.replace("ё", "е").replace("Ё", "Е")):
            if f not in out:
                out.append(f)
    return out


def is_adjective(word: str) -> bool:
    """A word that agrees with the noun after it: "Южная", "Народно-Демократическая".

    "-ие" after a consonant other than к, г, х, ж, ш, ч, щ is a neuter noun ("Движение",
    "Совещание"), not a plural adjective.
    """
    last = word.rsplit("-", 1)[-1].lower()
    if len(last) <= 3 or not last.endswith(_ADJ_ENDINGS):
        return False
    return not (last.endswith("ие") and last[-3] not in VELAR + HUSHING)


def _undeclined(word: str) -> bool:
    return word.isupper() or not any("а" <= c.lower() <= "я" or c in "ёЁ" for c in word)


def noun_gender(word: str) -> str | None:
    """ "m", "f", "n" or "pl" for a noun the rules decline; None if it stays as written."""
    if word in IRREGULAR:
        return "f" if word.endswith(("ь", "я", "а", "-Бисау")) else "m"
    if word in PLURAL_GENITIVE:
        return "pl"
    if "-" in word:
        first, last = word.rsplit("-", 1)
        return noun_gender(last) if first.split("-")[0] in HYPHEN_PREFIXES else None
    low = word.lower()
    if _undeclined(word) or len(low) < 2:
        return None
    if low.endswith("а"):
        return None if low[-2] in VOWELS else "f"
    if low.endswith("я"):
        return "f"
    if low.endswith(("ство", "ие")):
        return "n"
    if low[-1] in VOWELS:  # Марокко, Перу, Чили, Зимбабве: foreign, undeclined
        return None
    return "m"


def noun_forms(word: str, animate: bool = False) -> list[str]:
    """The six case forms of one noun (CASES order); all six are ``word`` if it does not decline.

    ``animate`` makes the masculine accusative the genitive ("министра", not "министр").
    """
    if word in IRREGULAR:
        return [word, *IRREGULAR[word]]
    gender = noun_gender(word)
    if gender is None:
        return [word] * 6
    if "-" in word and word not in PLURAL_GENITIVE:
        first, last = word.rsplit("-", 1)
        return [f"{first}-{f}" for f in noun_forms(last, animate)]
    low = word.lower()
    if gender == "pl":
        stem = word[:-1]
        soft = low.endswith("и") and low[-2] in VOWELS
        dat, ins, prep = ("ям", "ями", "ях") if soft else ("ам", "ами", "ах")
        gen = PLURAL_GENITIVE[word]
        return [word, gen, stem + dat, gen if animate else word, stem + ins, stem + prep]
    if gender == "f":
        stem = word[:-1]
        if low.endswith("ия"):
            return [word, stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и"]
        if low.endswith("я"):
            return [word, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е"]
        before = low[-2]
        gen = stem + ("и" if before in VELAR + HUSHING else "ы")
        ins = stem + ("ей" if before in HUSHING + "ц" else "ой")
        return [word, gen, stem + "е", stem + "у", ins, stem + "е"]
    if gender == "n":
        if low.endswith("ие"):
            stem = word[:-1]
            return [word, stem + "я", stem + "ю", word, stem + "ем", stem + "и"]
        stem = word[:-1]
        return [word, stem + "а", stem + "у", word, stem + "ом", stem + "е"]
    # masculine
    if low.endswith("ий"):
        stem = word[:-1]
        gen = stem + "я"
        return [word, gen, stem + "ю", gen if animate else word, stem + "ем", stem + "и"]
    if low.endswith(("й", "ь")):
        stem = word[:-1]
        gen = stem + "я"
        ins = stem + ("ём" if word in END_STRESSED else "ем")
        return [word, gen, stem + "ю", gen if animate else word, ins, stem + "е"]
    gen = word + "а"
    ins = word + ("ем" if low[-1] in HUSHING + "ц" else "ом")
    return [word, gen, word + "у", gen if animate else word, ins, word + "е"]


def _adjective_stem(word: str) -> tuple[str, str]:
    """Stem and type of an adjective given in any gender: the consonant before the ending
    decides "-ого"/"-его" and "-ым"/"-им" ("китайским", "Большой", "внешнего")."""
    low = word.rsplit("-", 1)[-1].lower()
    before = low[-3] if len(low) >= 3 else ""
    if before in VELAR:
        kind = "velar"
    elif before in HUSHING:
        kind = "hushing" if low.endswith(("ий", "ее", "ие")) else "hushing-stressed"
    elif low.endswith(("яя", "ее")) or (low.endswith(("ий", "ие")) and before == "н"):
        kind = "soft"
    else:
        kind = "hard"
    return word[:-2], kind


# Endings per stem type: masculine (nom gen dat ins prep), feminine (nom gen acc),
# neuter nominative, plural (nom gen dat ins).
_HARD_PLURAL = ("ые", "ых", "ым", "ыми")
_SOFT_PLURAL = ("ие", "их", "им", "ими")
_ADJ = {
    "hard": (("ый", "ого", "ому", "ым", "ом"), ("ая", "ой", "ую"), "ое", _HARD_PLURAL),
    "velar": (("ий", "ого", "ому", "им", "ом"), ("ая", "ой", "ую"), "ое", _SOFT_PLURAL),
    "hushing": (("ий", "его", "ему", "им", "ем"), ("ая", "ей", "ую"), "ее", _SOFT_PLURAL),
    "hushing-stressed": (("ой", "ого", "ому", "им", "ом"), ("ая", "ой", "ую"), "ое", _SOFT_PLURAL),
    "soft": (("ий", "его", "ему", "им", "ем"), ("яя", "ей", "юю"), "ее", _SOFT_PLURAL),
}


def adjective_case_forms(word: str, gender: str, animate: bool = False) -> list[str]:
    """The six case forms (CASES order) of an adjective agreeing with a noun of ``gender``."""
    stem, kind = _adjective_stem(word)
    masc, fem, neut, plur = _ADJ[kind]
    if gender == "f":
        nom, gen, acc = fem
        return [stem + nom, stem + gen, stem + gen, stem + acc, stem + gen, stem + gen]
    if gender == "pl":
        nom, gen, dat, ins = plur
        acc = gen if animate else nom
        return [stem + e for e in (nom, gen, dat, acc, ins, gen)]
    gen, dat, ins, prep = masc[1:]
    nom = masc[0] if gender == "m" else neut
    if gender == "m" and word.lower().endswith("ой"):
        nom = "ой"  # stressed masculine: "Большой", "Родной"
    acc = gen if animate and gender == "m" else nom
    return [stem + e for e in (nom, gen, dat, acc, ins, prep)]


def adjective_forms(masculine: str) -> list[str]:
    """Every form of a relational adjective from its masculine nominative, lower case.

    "российский" gives российский, российского, российскому, российским, российском,
    российская, российской, российскую, российское, российские, российских, российскими.
    """
    word = masculine.lower()
    forms: list[str] = []
    for gender in ("m", "f", "n", "pl"):
        for animate in (False, True):
            forms += adjective_case_forms(word, gender, animate)
    return yo_variants(list(dict.fromkeys(forms)))


def _gender_of_adjective(word: str) -> str:
    low = word.rsplit("-", 1)[-1].lower()
    if low.endswith(("ая", "яя")):
        return "f"
    if low.endswith(("ое", "ее")):
        return "n"
    if low.endswith(("ые", "ие")):
        return "pl"
    return "m"


def decline(phrase: str, animate: bool = False) -> list[str]:
    """The distinct case forms of a name or title, nominative first.

    "Россия" -> Россия, России, Россию, Россией; "Соединённые Штаты Америки" ->
    ... "Соединённых Штатов Америки" ...; "министр иностранных дел" (animate) ->
    "министра иностранных дел" ...; a phrase of another shape -> [phrase].
    """
    tokens = phrase.split(" ")
    i = 0
    while i < len(tokens) - 1 and (is_adjective(tokens[i]) or (tokens[i] == "и" and i > 0)):
        i += 1
    adjectives, head, rest = tokens[:i], tokens[i], tokens[i + 1 :]
    gender = noun_gender(head)
    if gender is None and adjectives:
        gender = _gender_of_adjective(adjectives[0])
    if gender is None:
        return yo_variants([phrase])
    if any(a != "и" and _gender_of_adjective(a) != gender for a in adjectives):
        return yo_variants([phrase])  # not an adjective after all ("Маршалловы Острова")
    columns: list[list[str]] = []
    for a in adjectives:
        columns.append([a] * 6 if a == "и" else adjective_case_forms(a, gender, animate))
    columns.append(noun_forms(head, animate))
    if len(rest) == 2 and rest[0] == "и" and noun_gender(rest[1]) is not None:
        columns += [["и"] * 6, noun_forms(rest[1], animate)]
    else:
        columns += [[w] * 6 for w in rest]
    forms = [" ".join(col[c] for col in columns) for c in range(6)]
    return yo_variants(list(dict.fromkeys(forms)))
