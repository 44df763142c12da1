"""Facts of our first user, 鞍山市公共资源交易中心, from its 2019 annual report.

Source: ../shared/seed/2019-anshan-ggzy-annual-report.txt (the report as
published). The demo generator reproduces these figures from records; tests
compare what the system computes with this table.
"""

from __future__ import annotations

AGENCY_NAME = "鞍山市公共资源交易中心"
REPORT_YEAR = 2019

# 一、总体情况 (narrative figures)
PROVINCIAL_PLATFORM_RECORDS = 16549  # 向省级平台上传交易数据 (条)
TRADING_NOTICES_BY_SECTOR = {  # 发布…交易信息 (条)
    "construction": 339,  # 建设工程
    "intermediary": 233,  # 中介采购
    "government_procurement": 585,  # 政府采购
    "land": 24,  # 土地供应
    "state_property": 142,  # 产权交易
}
GOVERNMENT_SITE_SUBMITTED = 994  # 向政府网站…上传信息 (条)
GOVERNMENT_SITE_ADOPTED = 976  # 采用 (条)

# 二、主动公开 (2019 format): 第二十条第(九)项 政府集中采购
CENTRALISED_PROCUREMENT_PROJECTS = 200
CENTRALISED_PROCUREMENT_AMOUNT_YUAN = 304_000_000  # "3.04亿元"

# 三、四: no applications, no reconsiderations or lawsuits in 2019.
APPLICATIONS_RECEIVED = 0
APPEALS = 0
