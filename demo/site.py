"""Demo site pages: the home page text and the information pages the footer links to. Idempotent."""

from django.db import transaction
from wagtail.models import Site

from cms.models import ContactSettings, HomePage, StandardPage

HOME_INTRO = (
    "<p>Nền tảng bồi dưỡng trực tuyến phục vụ triển khai Công văn số 171/UBND-KT của Ủy ban nhân dân tỉnh "
    "về các nhiệm vụ trọng tâm phát triển đô thị thông minh: dành cho cán bộ, công chức, viên chức, "
    "người dân và doanh nghiệp.</p>"
)

PAGES = [
    (
        "gioi-thieu",
        "Giới thiệu",
        "Nền tảng bồi dưỡng kiến thức, kỹ năng về đô thị thông minh của tỉnh Tây Ninh.",
        [
            (
                "paragraph",
                "<p>Thực hiện Công văn số 171/UBND-KT, tỉnh tổ chức các lớp bồi dưỡng, tập huấn kỹ năng "
                "và hướng dẫn cho cán bộ, công chức, viên chức, người dân và doanh nghiệp, nhằm nâng cao nhận thức "
                "về lợi ích của đô thị thông minh và hiệu quả sử dụng các dịch vụ số.</p>",
            ),
            (
                "callout",
                {
                    "kind": "tip",
                    "text": "<p>Đăng ký tài khoản miễn phí để theo dõi tiến độ và nhận giấy "
                    "chứng nhận khi hoàn thành khóa học.</p>",
                },
            ),
        ],
    ),
]


# The help contact in the footer and on the "confirm your email" pages (invented numbers and addresses).
CONTACT = {
    "unit_name": "Bộ phận hỗ trợ học viên - Sở Khoa học và Công nghệ tỉnh Tây Ninh",
    "hotline": "0276 3822 100",
    "email": "hotro@dothithongminh.test",
    "zalo_name": "Bồi dưỡng đô thị thông minh Tây Ninh",
    "zalo_url": "https://zalo.me/0000000000000000000",
    "address": "Số 1 đường Demo, Phường Tân Ninh, tỉnh Tây Ninh",
    "office_hours": "Thứ Hai đến Thứ Sáu, 7 giờ 30 - 17 giờ",
}


@transaction.atomic
def load_contact(site: Site) -> ContactSettings:
    """Fill the help contact once; an administrator's later edits are kept."""
    contact = ContactSettings.for_site(site)
    if not contact.is_set:
        for name, value in CONTACT.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save()
    return contact


@transaction.atomic
def load_pages() -> HomePage:
    home = HomePage.objects.first()
    if home.intro != HOME_INTRO:
        home.title = "Bồi dưỡng đô thị thông minh tỉnh Tây Ninh"
        home.intro = HOME_INTRO
        home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    if site.site_name != "Bồi dưỡng đô thị thông minh Tây Ninh":
        site.site_name = "Bồi dưỡng đô thị thông minh Tây Ninh"
        site.save()
    load_contact(site)
    for slug, title, introduction, body in PAGES:
        if StandardPage.objects.filter(slug=slug).exists():
            continue
        page = StandardPage(title=title, slug=slug, introduction=introduction, body=body)
        home.add_child(instance=page)
        page.save_revision().publish()
    return home
