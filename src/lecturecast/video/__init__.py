"""lecturecast.video — still clips, concat join, mux, captions (SRT/VTT), chapters, description.

The default path is pure ffmpeg (imageio-ffmpeg's binary): one H.264 still clip per segment (exact
frame count, CFR), one stream-copy join, one AAC encode of the whole voiceover in ``mux``.  See
docs/video.md.
"""
from .batch import StillClip, encode_still_clips
from .burn import burn_captions, has_libass
from .captions import CaptionCue, TimedText, caption_cues, place_sentences, split_text, write_srt, write_vtt
from .chapters import (Chapter, chapters_from_schedule, ffmetadata, read_chapters, write_chapters_vtt,
                       youtube_chapters, youtube_description)
from .clips import apply_speed, encode_still_clip, frame_count
from .ffrun import count_frames
from .join import join_clips
from .mux import encode_audio, mux, video_seconds

__all__ = [
    "CaptionCue", "Chapter", "StillClip", "TimedText", "apply_speed", "burn_captions", "caption_cues", "chapters_from_schedule",
    "count_frames", "encode_audio", "encode_still_clip", "encode_still_clips", "ffmetadata", "frame_count", "has_libass", "join_clips", "mux",
    "place_sentences", "read_chapters", "split_text", "video_seconds", "write_chapters_vtt",
    "write_srt", "write_vtt", "youtube_chapters", "youtube_description",
]
