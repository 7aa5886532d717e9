"""A short Chinese title for every check_id: what a reader of the report sees."""
TITLES = {
    "hierarchy_sum": "类款项合计不符", "row_identity": "行内合计不符", "total_across_tables": "表间合计不符",
    "basic_vs_detail": "基本支出与明细不符", "display_rounding": "显示舍入差", "project_group_sum": "项目分组合计不符",
    "narrative_vs_table": "文字与表格不符", "narrative_rounding": "文字数字舍入",
    "narrative_code_unknown": "文字引用的科目编码不存在", "narrative_change_conflict": "文字前后变动不一致",
    "performance_coverage": "绩效目标覆盖不全", "performance_amount_mismatch": "绩效目标表金额不符",
    "performance_target_unmatched": "绩效目标表无对应项目", "target_placeholder": "绩效指标值为占位符",
    "target_rate_above_100": "比率指标超过100%", "indicator_duplicate": "绩效指标重复",
    "indicator_category_missing": "缺少某类绩效指标", "table_missing": "缺少应公开的表", "table_empty": "表格为空",
    "table_numbering": "表号与目录不符", "table_untitled": "表格无标题", "table_unknown": "无法识别的表格",
    "change_arithmetic": "增减额与前后金额不符", "change_percent": "增减幅度计算有误", "change_direction": "增减方向用词有误",
    "change_zero_direction": "零变动却称增减", "change_direction_missing": "变动缺少增减用词",
    "amount_conflict": "同一事项金额不一", "reason_empty": "原因说明为空", "reason_missing": "变动未说明原因",
    "comparison_year": "比较年份有误", "current_year_as_prior": "本年误作上年", "table_title_year": "表题年份有误",
    "as_of_year": "截至日期年份有误", "code_name_mismatch": "科目编码与名称不符", "code_name_outdated": "使用旧科目名称",
    "template_instruction": "模板说明文字未删除", "template_placeholder": "模板占位符未填写",
    "template_ellipsis": "模板省略号未填写", "unit_kind_mismatch": "单位/部门预算称谓不一",
    "unit_name_mismatch": "单位名称前后不一", "three_public_sum": "三公经费合计不符",
    "three_public_text_sum": "文字三公经费合计不符", "three_public_text_vs_table": "三公经费文字与表格不符",
    "doubled_punctuation": "标点重复", "repeated_word": "字词重复", "unbalanced_brackets": "括号不成对",
    "prior_year_mismatch": "上年数与上年文件不符",
}


def title(check_id: str) -> str:
    return TITLES.get(check_id, check_id)
