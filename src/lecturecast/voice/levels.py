"""Every level, fade and ducking setting of the soundtrack, in one place (documented in docs/voice.md).

Speech is normalised sentence by sentence to −16 LUFS (loudness.TARGET_LUFS); everything else is set
relative to it.  The mixer (mix.py), the sentence post-processing (synth.py) and the placement of
music and sound cues on the lecture timeline (pipeline/soundtrack.py) read these values.
"""
from __future__ import annotations

# music beds -------------------------------------------------------------------------------------
MUSIC_LUFS = -21.0  # a bed on its own (intro over the title card, outro over the closing card)
DUCK_DB = -16.0  # bed gain while someone speaks: −37 LUFS under −16 LUFS speech (21 dB below)
DUCK_RAMP = 0.3  # seconds over which the ducking gain moves
DUCK_HOLD = 0.35  # speech activity is held this long on both sides (the bed dips before the first word)
SPEECH_THRESHOLD_DB = -50.0  # 50 ms RMS above this counts as speech for ducking
MUSIC_FADE_IN = 1.0  # seconds
MUSIC_FADE_OUT = 2.0  # seconds; the outro fades over its last 2 s
DEFAULT_MUSIC_SECONDS = 8.0  # a music cue that gives no length
INTRO_SOLO = 4.0  # an opening music cue plays alone over the title card for this long (≤ its length)

# sound effects ----------------------------------------------------------------------------------
SOUND_LUFS = -20.0  # a sound cue, never ducked (it is heard between sentences)
SOUND_FADE = 0.005  # seconds of fade at both ends of a sound (no click)
SOUND_SPACE = 0.25  # seconds of silence before and after a sound cue (the next sentence waits)

# sentence edges ---------------------------------------------------------------------------------
SENTENCE_LEAD = 0.03  # seconds of silence before a sentence whose first sample is already loud
SENTENCE_FADE_IN = 0.008  # raised-cosine fade over the first samples of each sentence
SENTENCE_FADE_OUT = 0.02  # and over its last samples
