"""Starting entries for the three classification indexes of the national portal (主題分類,
施政分類, 服務分類), loaded by `services.classification_tags_seed` (the demo calls it).

The service index lists the portal's eighteen life-event categories under their official
names. The topic and policy entries are the few that tax and customs services need. The
codes are Minfu's own short codes: before sending metadata to the portal, an
administrator checks them against the current official code table and corrects them in
the admin (a tag is matched by scheme and code, so a corrected code keeps its links)."""

TOPIC = "topic"
POLICY = "policy"
SERVICE = "service"

# (scheme, code, name_zh, name_en)
TAGS: list[tuple[str, str, str, str]] = [
    (TOPIC, "FIN", "財政經濟", "Finance and economy"),
    (TOPIC, "FIN-TAX", "賦稅", "Taxation"),
    (TOPIC, "FIN-CUS", "關務", "Customs"),
    (TOPIC, "FIN-TRD", "國際貿易", "International trade"),
    (TOPIC, "PUB", "公共資訊", "Public information"),
    (POLICY, "POL-TAX", "賦稅政策", "Tax policy"),
    (POLICY, "POL-CUS", "關務政策", "Customs policy"),
    (POLICY, "POL-FIN", "財政管理", "Public finance"),
    (POLICY, "POL-TRD", "經貿政策", "Trade policy"),
    (SERVICE, "S01", "生育保健", "Maternal and child health"),
    (SERVICE, "S02", "出生及收養", "Birth and adoption"),
    (SERVICE, "S03", "求學及進修", "Education and further study"),
    (SERVICE, "S04", "服兵役", "Military service"),
    (SERVICE, "S05", "求職及就業", "Jobs and employment"),
    (SERVICE, "S06", "開創事業", "Starting a business"),
    (SERVICE, "S07", "婚姻", "Marriage"),
    (SERVICE, "S08", "投資理財", "Investment and personal finance"),
    (SERVICE, "S09", "休閒旅遊", "Leisure and travel"),
    (SERVICE, "S10", "交通及通訊", "Transport and communications"),
    (SERVICE, "S11", "就醫", "Medical care"),
    (SERVICE, "S12", "購屋及遷徙", "Housing and moving"),
    (SERVICE, "S13", "選舉及投票", "Elections and voting"),
    (SERVICE, "S14", "生活安全及品質", "Safety and quality of life"),
    (SERVICE, "S15", "退休", "Retirement"),
    (SERVICE, "S16", "老年安養", "Care in old age"),
    (SERVICE, "S17", "生命禮儀", "Funerals and bereavement"),
    (SERVICE, "S18", "公共資訊", "Public information"),
]
