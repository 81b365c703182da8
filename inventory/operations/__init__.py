"""Operations: backup and restore of the whole database, and the demo data set. (The migrations
of the stock-count and import tables stay in this Piccolo app, whose name databases record.)"""
