"""Reference data: classification names by year (功能/经济分类) and the code crosswalk between years."""
