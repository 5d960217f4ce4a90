"""newswire"""
