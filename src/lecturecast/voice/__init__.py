"""lecturecast.voice"""
