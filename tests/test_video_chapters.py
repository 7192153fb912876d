"""Chapters: from sections, YouTube's rules, WebVTT chapters, ffmetadata, description template."""
from __future__ import annotations

from lecturecast.model import Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.timing import schedule
from lecturecast.video import Chapter, chapters_from_schedule, ffmetadata, write_chapters_vtt, youtube_chapters
from lecturecast.video import youtube_description
from lecturecast.video.chapters import parse_ffmetadata


def _lecture(lengths_by_section, **meta):
    sections, speech, n = [], {}, 0
    for title, lengths in lengths_by_section:
        segs = []
        for length in lengths:
            n += 1
            segs.append(Segment(f"s{n}", (Speech("words"),)))
            speech[f"s{n}"] = length
        sections.append(Section(title, tuple(segs)))
    return Lecture(Meta(**meta), tuple(sections), references=("Hochreiter & Schmidhuber (1997)",)), speech


def test_chapters_follow_sections_on_the_video_timeline():
    lec, speech = _lecture([("Intro", [20, 10]), ("Gates", [30]), ("Empty", []), ("Outro", [15])])
    sched = schedule(lec, speech, "natural", fps=10, pad=0.5, lead_in=3.0, tail=4.0)
    chapters = chapters_from_schedule(lec, sched)
    assert [c.title for c in chapters] == ["Intro", "Gates", "Outro"]
    assert chapters[0].start == 0.0  # includes the title card
    assert chapters[1].start == sched.slot("s3").start == 34.0
    assert chapters[-1].end == sched.total
    assert all(a.end == b.start for a, b in zip(chapters, chapters[1:]))


def test_youtube_rules_merge_short_chapters():
    ch = [Chapter("Intro", 0, 5.5), Chapter("A", 5.5, 40), Chapter("Tiny", 40, 45), Chapter("B", 45, 80),
          Chapter("C", 80, 86)]
    yt = youtube_chapters(ch)
    assert [(c.title, c.start) for c in yt] == [("Intro", 0.0), ("B", 45.0)]
    assert all(c.duration >= 10 for c in yt)
    ok = youtube_chapters([Chapter("A", 0, 12.7), Chapter("B", 12.7, 30.2), Chapter("C", 30.2, 41)])
    assert [c.start for c in ok] == [0.0, 12.0, 30.0]  # whole seconds, rounded down


def test_description_lists_chapters_or_says_why_not():
    lec, speech = _lecture([("Intro", [20]), ("Gates", [70]), ("Outro", [15])], title="Memory", author="Dr. A")
    sched = schedule(lec, speech, "natural", fps=10, pad=0.5, lead_in=3.0, tail=4.0)
    text = youtube_description(lec, chapters_from_schedule(lec, sched))
    assert text.startswith("Memory\n")
    assert "Dr. A" in text
    lines = text.splitlines()
    i = lines.index("Chapters")
    assert lines[i + 1:i + 4] == ["0:00 Intro", "0:23 Gates", "1:34 Outro"]
    assert "Hochreiter & Schmidhuber (1997)" in text
    short, speech = _lecture([("Intro", [20]), ("Only", [4])])
    sched = schedule(short, speech, "natural", fps=10, pad=0.5, lead_in=3.0, tail=1.0)
    text = youtube_description(short, chapters_from_schedule(short, sched))
    assert "0:00" not in text and "YouTube needs 3 or more" in text


def test_chapters_vtt_and_ffmetadata_round_trip(tmp_path):
    ch = [Chapter("Intro", 0, 12.5), Chapter("A = b; #1 \\ x", 12.5, 3725.25)]
    vtt = write_chapters_vtt(ch, tmp_path / "c.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:12.500 --> 01:02:05.250\nA = b; #1 \\ x" in vtt
    meta = ffmetadata(ch, title="T=1")
    assert meta.startswith(";FFMETADATA1\ntitle=T\\=1\n") and meta.count("TIMEBASE=1/1000") == 2
    assert "START=12500\nEND=3725250" in meta
    assert parse_ffmetadata(meta) == ch


def test_one_section_lecture_gets_chapters_from_titled_segments():
    segs = tuple(Segment(f"s{i}", (Speech("words"),), title=t) for i, t in
                 enumerate(["Opening Hook", "Problem Setup", "The Challenge", "Call to Action"], 1))
    lec = Lecture(Meta(title="Overview"), (Section("Video Structure", segs),))
    sched = schedule(lec, {s.id: 20.0 for s in segs}, "natural", fps=10, pad=0.5, lead_in=3.0, tail=4.0)
    chapters = chapters_from_schedule(lec, sched)
    assert [c.title for c in chapters] == ["Opening Hook", "Problem Setup", "The Challenge", "Call to Action"]
    assert chapters[0].start == 0.0 and chapters[1].start == sched.slot("s2").start
    # sections win when there are enough of them
    lec3, speech = _lecture([("A", [20]), ("B", [20]), ("C", [20])])
    sched3 = schedule(lec3, speech, "natural", fps=10, pad=0.5, lead_in=3.0, tail=4.0)
    assert [c.title for c in chapters_from_schedule(lec3, sched3)] == ["A", "B", "C"]


def test_chpl_box_round_trips_through_ffmpeg(tmp_path):
    """Chapters written as a Nero chpl box (mp4chapters) are read back by ffmpeg, the file keeps
    exactly its two streams, the index ends up in front of the media data and the chunk offsets stay
    right (the audio and video decode cleanly) — whether the input had its index in front or not."""
    import subprocess

    from lecturecast.media import ffmpeg_exe
    from lecturecast.video.chapters import Chapter
    from lecturecast.video.mp4chapters import MAX_CHAPTERS, _top_level, add_chapters, chpl_box

    chapters = [Chapter("Intro — «naïve» 日本語", 0.0, 10.0), Chapter("Middle", 10.0, 21.5),
                Chapter("x" * 300, 21.5, 30.0)]
    for faststart in (["-movflags", "+faststart"], []):
        src = tmp_path / f"plain{len(faststart)}.mp4"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=10:d=30",
                        "-f", "lavfi", "-i", "sine=f=440:d=30", "-c:v", "libx264", "-preset", "ultrafast",
                        "-c:a", "aac", *faststart, "-shortest", str(src)], check=True)
        out = add_chapters(src, tmp_path / f"chapters{len(faststart)}.mp4", chapters)
        with open(out, "rb") as fh:
            kinds = [k for k, *_ in _top_level(fh, out.stat().st_size)]
        assert kinds.index(b"moov") < kinds.index(b"mdat"), kinds
        _check_chapters_file(out, chapters)
        # adding again replaces the box instead of stacking a second one
        again = add_chapters(out, tmp_path / f"again{len(faststart)}.mp4", chapters[:1])
        _check_decodes(again)
        from lecturecast.video import read_chapters
        assert [c.title for c in read_chapters(again)] == [chapters[0].title]
    assert len(chpl_box([Chapter(str(k), k, k + 1) for k in range(300)])) == 8 + 9 + MAX_CHAPTERS * (8 + 1) + sum(
        len(str(k)) for k in range(MAX_CHAPTERS))


def _check_decodes(path):
    import subprocess

    from lecturecast.media import ffmpeg_exe

    decode = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                            capture_output=True, text=True)
    assert decode.returncode == 0 and decode.stderr.strip() == ""  # chunk offsets point at the media


def _check_chapters_file(out, chapters):
    from lecturecast.media import probe
    from lecturecast.video import read_chapters

    info = probe(out)
    assert (info.video_streams, info.audio_streams, info.streams, info.chapters) == (1, 1, 2, 3)
    back = read_chapters(out)
    assert [c.title for c in back[:2]] == ["Intro — «naïve» 日本語", "Middle"]
    assert len(back[2].title.encode("utf-8")) <= 255 and back[2].title.startswith("xxx")
    assert [round(c.start, 3) for c in back] == [0.0, 10.0, 21.5]
    _check_decodes(out)
