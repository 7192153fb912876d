"""lecturecast.pipeline"""
