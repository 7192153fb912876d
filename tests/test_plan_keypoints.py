"""plan.keypoints / plan.facts: deterministic notes from narration (no model, offline)."""
from __future__ import annotations

import pytest

from lecturecast.plan import facts
from lecturecast.plan.keypoints import HARD_MAX, compress, dated_point, is_definition, key_points
from lecturecast.plan.wording import count_words, split_sentences, wording

EN = wording("en")


def test_sentences_split_at_ends_but_not_at_abbreviations_or_decimals():
    text = "Dr. Lee measured 3.5 metres, e.g. on the roof. It rained! Did it stop? Yes."
    assert split_sentences(text) == ["Dr. Lee measured 3.5 metres, e.g. on the roof.", "It rained!", "Did it stop?",
                                     "Yes."]
    assert split_sentences("雨が降った。風も吹いた。") == ["雨が降った。", "風も吹いた。"]


def test_points_are_short_and_drop_discourse_words():
    long = ("However, it is important to note that the new design, which the team tested for many months in a "
            "very cold wind tunnel, reduced drag by a large margin and saved fuel on every single flight.")
    note = compress(long, EN)
    assert count_words(note) <= HARD_MAX and not note.lower().startswith("however")
    assert note[0].isupper() and not note.endswith(".")
    assert compress("Cats sleep a lot.", EN) == "Cats sleep a lot"


def test_a_dated_sentence_becomes_year_and_fact():
    assert dated_point("It wasn't until 1969 that the first crewed aircraft landed on the Moon.", EN) == \
        "1969: The first crewed aircraft landed on the Moon"
    assert dated_point("Fast forward to the 1950s, when jet airliners began to cross the Atlantic.", EN) == \
        "1950s: Jet airliners began to cross the Atlantic"


def test_definitions_and_their_false_friends():
    assert is_definition("A glider is an aircraft without an engine.", EN) == ("glider", "an aircraft without an engine.")
    assert is_definition("It is a lovely day outside today.", EN) is None  # a pronoun is no term
    assert is_definition("Gliders are now used for training pilots.", EN) is None  # a statement, not a definition
    assert is_definition("The idea is simple: fly into rising air.", EN) is None  # a generic word


def test_key_points_prefer_facts_over_greetings_and_keep_order():
    sentences = split_sentences("Welcome back to the course. Let's get started. In 1903 the Wright brothers flew "
                                "for twelve seconds. Lift is the force that holds a plane up. Isn't that amazing?")
    points = key_points(sentences, EN)
    assert points[0].startswith("1903:") and any("Lift" in p for p in points)
    assert not any("Welcome" in p or "Let's" in p for p in points)


def test_structures_found_in_narration():
    steps = facts.steps(split_sentences("First, check the fuel. Then, check the flaps. Next, call the tower. "
                                        "Finally, take off."), EN)
    assert steps == ("Check the fuel", "Check the flaps", "Call the tower", "Take off")
    events = facts.events(split_sentences("In 1903 they flew. In 1783 a balloon rose. By 1919 mail flew by air."), EN)
    assert [e.label for e in events] == ["1783", "1903", "1919"]
    sides = facts.sides(split_sentences("Gliders are silent and cheap. Gliders need rising air. Airliners burn a lot "
                                        "of fuel, whereas gliders burn none. Airliners fly on schedule."), EN)
    assert {f.label for f in sides} == {"Gliders", "Airliners"}
    assert facts.numbers(split_sentences("Fuel is 30 percent of costs. Staff is 25%. Fees are 8%."), EN)[0].value == 30
    assert facts.quote(['As Amelia Earhart said, "The most effective way to do it, is to do it."'], EN) == \
        ("The most effective way to do it, is to do it.", "Amelia Earhart")


def test_other_languages_read_their_own_word_lists():
    es = wording("es-MX")
    assert es.lang == "es" and es.label("takeaways") == "Ideas clave"
    assert compress("Sin embargo, los planeadores vuelan sin motor durante horas.", es) == \
        "Los planeadores vuelan sin motor durante horas"
    assert wording("xx").label("takeaways") == "Key takeaways"  # unknown language: English lists


@pytest.mark.parametrize("sentence, point", [
    # "on" is a weak end (it was read as YAML's boolean true and never trimmed)
    ("And he published the notes on his website that's hosted on a small server at his house.",
     "He published the notes on his website that's hosted"),
    # no auxiliary dropped after a pronoun, the leading "Oh, and if …," clause goes
    ("Oh, and if you were disappointed by the lack of maths in this episode, don't worry, we're doing "
     "matrices with a guest next week.", "Don't worry, we're doing matrices with a guest next week"),
    # a calendar date is no history: no "2023:" label
    ("I'm Sam and this is the physics news for the week of Monday, March 20th 2023.",
     "I'm Sam and this is the physics news"),
    # a list after a colon is kept whole, never cut after its first item
    ("You'll see three tabs at the top of the page: Workspaces, List of Values, and Application Settings.",
     "Workspaces, List of Values, and Application Settings"),
    # a modal verb is no end
    ("The workspace status changes to 'Inactive' and it will no longer appear in the default active view.",
     "The workspace status changes to 'Inactive'"),
    # a cut inside a clause the note opened ends the note before that clause
    ("Here's something that should worry you if you let a coding model loose on your repository.",
     "Here's something that should worry you"),
    # a short adverbial before the comma goes; the cut waits for a phrase end, up to 12 words
    ("In the nineteen eighties, researchers such as Ada Byron and Alan Turing trained small recurrent "
     "networks to predict the next item in a sequence.",
     "Researchers such as Ada Byron and Alan Turing trained small recurrent networks"),
    # a pronoun before the clause opener is an object, kept
    ("A recurrent neural network handles this by feeding its own output back into itself.",
     "A recurrent neural network handles this"),
    # a year inside quotation marks is part of a name
    ("The film “Blade Runner 2049” came out in 2017.", "2017: The film Blade Runner 2049 came out"),
    ("Students pick a project such as 'Granada 2031' for urban writing.",
     "Students pick a project such as 'Granada 2031' for urban writing"),
    # articles go only when that makes the note whole
    ("Turns out it's easy for an open source project to buy fake stars on a code hosting site.",
     "Turns out it's easy for an open source project"),
    ("In 1997, the Long Short-Term Memory network was introduced by Sepp Hochreiter and Jürgen Schmidhuber.",
     "1997: Long Short-Term Memory network introduced by Sepp Hochreiter and Jürgen Schmidhuber"),
])
def test_notes_stay_grammatical(sentence, point):
    assert dated_point(sentence, wording("en")) == point


@pytest.mark.parametrize("sentence, found", [
    ('As Feynman said, "What I cannot create, I do not understand."', "What I cannot create, I do not understand."),
    ("She called it “the most important idea in statistics” in her book.", "the most important idea in statistics"),
    ("Il a dit « la science avance pas à pas » hier.", "la science avance pas à pas"),
    ("Er sagte „Wissenschaft ist ein langer Weg“ gestern.", "Wissenschaft ist ein langer Weg"),
    # a nested quote is no end: never half a quotation on a slide
    ('Her verdict: "By using this, you\'re getting "free" chaos for your cluster." Ouch.', None),
])
def test_a_quote_is_a_whole_quotation(sentence, found):
    got = facts.quote([sentence], wording("en"))
    assert (got[0] if got else None) == found
