"""lecturecast.slides"""
