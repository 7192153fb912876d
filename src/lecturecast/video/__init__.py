"""lecturecast.video"""
