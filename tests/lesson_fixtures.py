"""Lectures written for the slide-content tests (own text): a short history of flight with years,
terms, a comparison, steps, numbers, a quote, a dialogue, code and visual cues."""
from __future__ import annotations

from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech

FORBIDDEN = ("add an image", "visual to add", "appear on screen")


def flight_lecture(path: str | None = None, image_cue: str = "Photo of the Wright Flyer") -> Lecture:
    early = Segment("balloons", blocks=(
        Speech("In 1783 the Montgolfier brothers lifted a hot air balloon above the rooftops of Paris. "
               "Seventy years later, in 1853, George Cayley built a glider that carried his coachman across a "
               "small valley. In 1896 Otto Lilienthal died after more than two thousand glider flights, and his "
               "notes inspired two bicycle makers in Ohio. In 1903 the Wright brothers finally flew a powered "
               "aircraft for twelve seconds."),))
    terms = Segment("lift", blocks=(
        Speech("Lift is the upward force that a wing produces when air flows over and under it. The shape of "
               "the wing bends the air downwards, and the air pushes the wing up in return. Pilots control lift "
               "by changing speed and the angle of the wing."),))
    photo = Segment("flyer", blocks=(
        Cue(CueKind.VISUAL, image_cue),
        Speech("The first powered aircraft was built from spruce and muslin in a bicycle workshop. Its engine "
               "weighed about eighty kilograms and drove two propellers with bicycle chains."),))
    card = Segment("airfield", blocks=(
        Speech("Early airfields were simply flat meadows with a windsock."),
        Cue(CueKind.VISUAL, "Visuals of a grass airfield with a windsock appear on screen"),
        Speech("Pilots landed into the wind, which shortened the roll on soft grass."),))
    compare = Segment("engines", title="Propellers vs jets", blocks=(
        Speech("Propellers move a large mass of air slowly, which is efficient at low speed. Jets push a small "
               "mass of air very fast, which pays off high in thin air. Propellers are cheaper to maintain, while "
               "jets carry far more passengers every hour."),))
    steps = Segment("takeoff", title="Before take-off", blocks=(
        Speech("First, the pilot checks the weather along the whole route. Then, the crew loads fuel and cargo "
               "and balances the weight. Next, the tower clears the runway for departure. Finally, the aircraft "
               "accelerates and lifts off into the wind."),))
    numbers = Segment("fuel", title="Where the money goes", blocks=(
        Speech("Fuel makes up about 30 percent of an airline's costs. Staff take roughly 25 percent, and "
               "maintenance another 12 percent. Airport fees add close to 8 percent."),))
    quote = Segment("quote", title="In their words", blocks=(
        Speech('Orville Wright once wrote, "The airplane stays up because it does not have time to fall." '
               "He meant it as a joke, yet it captures how speed creates lift."),))
    screen = Segment("screen", blocks=(
        Speech("Remember one number from today."),
        Cue(CueKind.SCREEN_TEXT, "1903: twelve seconds that changed travel"),
        Speech("It took only twelve seconds to begin the age of flight."),))
    talk = Segment("interview", title="Ask a pilot", blocks=(
        Speech("What surprised you most on your first solo flight?", speaker="Host"),
        Speech("How quiet it felt once the instructor was gone. The engine was loud, but my head was calm.",
               speaker="Guest"),
        Speech("And what do student pilots get wrong most often?", speaker="Host"),
        Speech("They stare at the instruments instead of looking outside. The horizon tells you more than any "
               "gauge.", speaker="Guest"),))
    code = Segment("glide", title="Glide distance in Python", blocks=(
        Speech("A glider loses height slowly, and the glide ratio tells us how far it travels for every metre "
               "it sinks. Here is the calculation in a few lines of Python:"),
        Code("def glide_distance(height_m, ratio):\n    return height_m * ratio\n\n"
             "print(glide_distance(1000, 40))", language="python"),
        Speech("A ratio of forty means forty kilometres from one kilometre of height."),))
    closing = Segment("summary", blocks=(
        Speech("In summary, balloons came first and gliders taught us control. Lift comes from the shape and "
               "angle of the wing. Engines turned short hops into travel, and today jets cross oceans in hours."),
        Bullets((BulletItem("Lift comes from the wing"), BulletItem("Control before power")), spoken=False),))
    return Lecture(
        Meta(title="How We Learned to Fly", author="Test Teacher", voices=(("Host", "auto:1"), ("Guest", "auto:2"))),
        (Section("Beginnings", (early, terms, photo, card)),
         Section("Machines", (compare, steps, numbers, code)),
         Section("People", (quote, screen, talk)),
         Section("Conclusion", (closing,))),
        references=("Anderson, J. (2016). Introduction to Flight. McGraw-Hill.",),
        path=path,
    )
