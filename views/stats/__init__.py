"""Query and statistics screens: 信息查询, 信息汇总 and saved statistics tables."""
