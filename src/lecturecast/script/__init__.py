"""lecturecast.script"""
