"""Choose the lecture title of an imported script, conservatively, and say which rule picked it.

1. an explicit title: a single top ``# Title`` or a ``Title:`` / ``Video Title:`` / ``Episode Title:``
   line before the first section (found by the line loop: ``Assembler.title``);
2. the topic the teacher asked for in the first chat prompt, when it names one
   (``>>> write a narrated script about the history of the perceptron``);
3. the words that dominate the section titles (``RNNs, Transformers and GenAI`` for a chat session
   whose sections are "The Rise of RNNs", "Transformer Architecture", "GenAI's Strengths", …);
4. otherwise the first section's title (as before).
"""
from __future__ import annotations

import re
from collections import Counter

_ASKED = re.compile(
    r"\b(?:script|lecture|lesson|video|story|talk|class|podcast|episode|presentation|narration|course|module)"
    r"\s+(?:about|on|covering|explaining|regarding)\s+(?P<topic>.{3,90}?)\s*"
    r"(?:\bfor (?:my |the )?(?:students|beginners|kids|class|children|learners)\b.*)?[.!?:]*$",
    re.IGNORECASE)
_HISTORY = re.compile(r"\b(?:complete |full |brief |short )?history of (?P<topic>.{2,80}?)[.!?:]*$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
GENERIC = frozenset("""
a an and the of to in on for with from by at as or vs versus into its it is are be how what why when where who
which this that these those your our their my we you i s
introduction intro conclusion conclusions summary overview recap outro opening closing part parts section sections
chapter episode video slide segment scene act step steps note notes question questions answer answers demo tour
key main basic basics core full complete final first second third next new recent early late old final
components component continued future directions direction challenges challenge advantages disadvantages
benefits limitations strengths weaknesses applications application examples example works work working
rise birth emergence evolution history journey power impact problem problems real world beginnings advances
approach approaches concept concepts idea ideas strategies strategy technologies technology process workflow
architecture architectures model models system systems method methods using use getting started
secret secrets wonder wonders fascinating exploring understanding uncovering unknown discovering hidden
through between about over under after before without within across away than
unveiling unlocking unpacking unraveling mysteries mystery marvels tales ancient lost
amazing incredible ultimate guide tips tricks lesson lessons more beyond inside behind deep dive look
""".split())


def _norm(word: str) -> str:
    w = word.casefold().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def asked_topic(prompt: str) -> str | None:
    """The topic named in a chat prompt, or None."""
    text = " ".join(prompt.lstrip(">").split())
    m = _ASKED.search(text)
    if m:
        topic = m.group("topic")
    else:
        m = _HISTORY.search(text)
        if not m or m.group("topic").lower().startswith(("the script", "this", "it ")):
            return None
        topic = "history of " + m.group("topic")
    topic = topic.strip(" \"'“”*").rstrip(".,;:")
    if not _TOKEN.search(topic) or len(topic.split()) > 12:
        return None
    return topic[:1].upper() + topic[1:]


def dominant_topics(section_titles: list[str], most: int = 3) -> list[str]:
    """Words found in several section titles (generic words like "Introduction" or "Challenges"
    ignored), most frequent first (at most ``most``), returned in the order they first appear and in
    their most used spelling (a plural form preferred)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    forms: dict[str, Counter[str]] = {}
    for k, title in enumerate(section_titles):
        seen = set()
        for tok in _TOKEN.findall(title):
            key = _norm(tok)
            if len(key) < 2 or key in GENERIC or key.isdigit() or key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            first.setdefault(key, k)
            forms.setdefault(key, Counter())[re.sub(r"['’]s$", "", tok)] += 1
    need = max(2, round(0.05 * len(section_titles)))
    ranked = [w for w, c in counts.most_common() if c >= need]
    top: list[str] = []
    for w in ranked:  # words that always come together ("Machu Picchu") count once, as a phrase
        if not any(counts[w] == counts[t] and first[w] == first[t] for t in top):
            top.append(w)
    top = [w for w in top[:most] if counts[w] * 2 >= counts[top[0]]]  # only clearly dominant words
    out = []
    for key in sorted(top, key=lambda w: first[w]):
        phrase = [w for w in ranked if counts[w] == counts[key] and first[w] == first[key]]
        words = []
        for w in phrase:
            spellings = forms[w]
            plural = [f for f in spellings if f.endswith("s") and not f.isupper()]
            word = max(plural or spellings, key=lambda f: (spellings[f], f[:1].isupper()))
            words.append(word if not word.islower() else word.capitalize())
        ref = section_titles[first[key]]
        words.sort(key=lambda f: ref.find(f) if f in ref else len(ref))
        out.append(" ".join(words))
    return out


def choose_title(explicit: str | None, prompts: list[tuple[int, str]], section_titles: list[str],
                 fallback: str) -> tuple[str, str | None]:
    """``(title, note)``: the note (None for an explicit title) says which rule picked the title."""
    if explicit:
        return explicit, None
    if prompts:
        line, prompt = prompts[0]
        topic = asked_topic(prompt)
        if topic:
            return topic, f"line {line}: lecture title {topic!r} taken from the topic of the first prompt"
    distinct = list(dict.fromkeys(t for t in section_titles if t))
    if len(distinct) >= 3:
        topics = dominant_topics(distinct)
        if len(topics) >= 2:
            title = ", ".join(topics[:-1]) + " and " + topics[-1]
            return title, (f"line 1: lecture title {title!r} made of the words that dominate the section titles "
                           "(no title line or topic prompt found); set 'title:' in the front matter to change it")
    if distinct:
        return distinct[0], ("line 1: lecture title taken from the first section (no title line found); "
                             "set 'title:' in the front matter to change it")
    return fallback, None
