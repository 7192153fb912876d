"""lecturecast.build"""
