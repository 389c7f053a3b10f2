"""Code tables: national codes stored in the database, Chinese labels shown to users."""
from __future__ import annotations

SEX = {"1": "男", "2": "女"}

# GB/T 3304 — the 56 ethnic groups.
ETHNICITY = {
    f"{i:02d}": name
    for i, name in enumerate(
        "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
        "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
        "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
        "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
        "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族".split(),
        start=1,
    )
}

# GB/T 4658 — highest education (main categories).
EDUCATION = {
    "11": "博士研究生",
    "14": "硕士研究生",
    "21": "大学本科",
    "31": "大学专科",
    "41": "中等专科",
    "61": "普通高中",
    "71": "初中",
    "81": "小学",
    "90": "其他",
}

# GB/T 6864 — academic degree.
DEGREE = {"2": "博士", "3": "硕士", "4": "学士", "9": "无"}

# 人员类别
CATEGORY = {
    "01": "在岗职工",
    "02": "农牧渔民",
    "03": "学生",
    "04": "离退休人员",
    "05": "无固定职业",
    "09": "其他",
}

STAGE = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "target": "发展对象",
    "probationary": "预备党员",
    "full": "正式党员",
}
MEMBER_STAGES = ("probationary", "full")
DEVELOPMENT_STAGES = ("applicant", "activist", "target")

MANAGEMENT = {"direct": "直管", "inflow": "流入"}

STATUS = {
    "pending": "待审批",
    "returned": "审批退回",
    "normal": "正常",
    "flowing": "流出中",
    "transfer_pending": "转出待接收",
    "transferred_out": "已转出",
    "suspended": "停止党籍",
    "left": "已离开组织",
    "ended": "发展终止",
}

# Statuses that keep a person on the organisation's active roll.
ON_ROLL = ("normal", "flowing", "transfer_pending")

ORG_KIND = {
    "committee": "党委",
    "working_committee": "党工委",
    "general_branch": "党总支",
    "branch": "党支部",
    "joint_branch": "联合党支部",
    "temp_committee": "临时党委",
    "temp_branch": "临时党支部",
}
BRANCH_KINDS = ("branch", "joint_branch", "temp_branch")

ORG_STATUS = {"active": "正常", "dissolved": "已撤销"}

ROLE = {
    "sysadmin": "系统管理员",
    "admin": "管理员",
    "operator": "操作员",
    "viewer": "查看员",
    "secadmin": "安全管理员",
    "auditadmin": "审计管理员",
}
# The security and audit administrators stand outside the ladder: no business data.
ROLE_RANK = {"viewer": 0, "operator": 1, "admin": 2, "sysadmin": 3,
             "secadmin": -1, "auditadmin": -1}


def label(table: dict[str, str], code: str | None) -> str:
    """Return the Chinese label of a code, or the code itself when unknown."""
    if code is None:
        return ""
    return table.get(code, code)


def choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())

# --- organisation management ---------------------------------------------------------
# Term of a leadership team in years, by organisation kind (committees 5, branches 3).
TERM_YEARS = {"committee": 5, "working_committee": 5, "temp_committee": 5,
              "general_branch": 3, "branch": 3, "joint_branch": 3, "temp_branch": 3}
ELECTION_METHOD = {"1": "差额选举", "2": "等额选举", "3": "上级任命", "9": "其他"}
OFFICER_ROLE = {"secretary": "书记", "deputy": "副书记", "member": "委员"}
ORG_RECORD_KIND = {
    "life_meeting": "民主生活会",
    "evaluation": "民主评议",
    "openness": "党务公开",
    "punishment": "党组织惩戒",
    "theme": "专题活动",
}
ORG_CHANGE_KIND = {"rename": "更名", "move": "变更隶属关系", "move_sub": "随上级变更隶属关系",
                   "dissolve": "撤销", "restore": "恢复"}
DIFFICULTY_KIND = {"01": "生活困难", "02": "因病致困", "03": "因残致困", "04": "因灾致困",
                   "05": "就业困难", "06": "子女就学困难", "09": "其他"}
ASSIST_FORM = {"1": "资金", "2": "实物", "3": "走访慰问", "9": "其他"}

# --- members -----------------------------------------------------------------------
STATUS["deceased"] = "已去世"

# 党籍变动 types: code -> (label, status after, reversible).
STATUS_CHANGE = {
    "death": "死亡",
    "suspend": "停止党籍",
    "lapse": "自行脱党除名",
    "persuade": "劝退/劝而不退除名",
    "quit": "退党除名",
    "expel": "开除党籍",
    "cancel_probation": "取消预备党员资格",
    "not_registered": "不予登记",
    "other_out": "其他（离开）",
    "restore": "恢复党籍",
    # Additions (recorded by the actions that add a member to an organisation's roll).
    "join_new": "新发展",
    "transfer_in": "转入",
    "other_in": "其他（增加）",
}
STATUS_CHANGE_LEAVING = ("death", "suspend", "lapse", "persuade", "quit", "expel",
                         "cancel_probation", "not_registered", "other_out")
STATUS_CHANGE_TARGET = {"death": "deceased", "suspend": "suspended", "restore": "normal"}
DECISION = {"approved": "通过", "rejected": "退回"}
DIRECTION = {"in_city": "市内", "out_city": "市外"}
TRANSFER_STATUS = {"pending": "待接收", "accepted": "已接收", "rejected": "已拒绝",
                   "cancelled": "已取消", "issued": "已转出（市外）"}
FLOW_STATUS = {"out": "流出中", "returned": "已返回", "ended": "已结束（党籍变动）"}

# --- member records, delegates and volunteers ----------------------------------

# 民主评议等次
EVALUATION_GRADE = {"1": "优秀", "2": "合格", "3": "基本合格", "4": "不合格"}

# 党纪处分种类
PUNISHMENT_KIND = {"1": "警告", "2": "严重警告", "3": "撤销党内职务", "4": "留党察看", "5": "开除党籍"}

# 党费计算类别 (transfers-dues-status.md)
DUES_CLASS = {
    "employed": "在职（按税后工资）",
    "retired": "离退休（按养老金）",
    "farmer": "农牧渔民",
    "student": "学生",
    "unemployed": "下岗失业/无固定收入",
    "subsistence": "享受低保",
}
# 人员类别 -> default dues class
CATEGORY_DUES_CLASS = {"01": "employed", "02": "farmer", "03": "student", "04": "retired",
                       "05": "unemployed", "09": "employed"}

# 党代表层级
DELEGATE_LEVEL = {"1": "全国", "2": "省", "3": "市", "4": "县（区）", "5": "乡镇（街道）"}
DELEGATE_CATEGORY = {
    "01": "各级领导干部",
    "02": "专业技术人员",
    "03": "企业负责人",
    "04": "生产和工作一线党员",
    "05": "解放军和武警党员",
    "09": "其他",
}
# 党代表资格状况
DELEGATE_STATUS = {"active": "正常", "terminated": "终止"}

# 党员志愿者
VOLUNTEER_CATEGORY = {
    "01": "政策宣讲", "02": "扶贫帮困", "03": "社区服务", "04": "文明创建", "05": "环境保护",
    "06": "医疗卫生", "07": "文化教育", "08": "法律援助", "09": "其他",
}
SERVICE_TIME = {"1": "工作日", "2": "双休日", "3": "节假日", "4": "时间不限"}
