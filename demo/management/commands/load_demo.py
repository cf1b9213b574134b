from django.core.management.base import BaseCommand
from django.utils import translation

from cms.services import platform_setup
from demo import catalogue, certificates, classes, evaluations, hr, learning, officials, people, records, site
from reports.services import report_summary_refresh


class Command(BaseCommand):
    help = "Load the Vietnamese demo data (units, roles, accounts, pages). Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=171, help="Seed for any randomised demo data.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, seed, quiet, **options):
        translation.activate("vi")
        catalog = platform_setup()
        units = people.load_units()
        groups = people.load_groups()
        accounts = people.load_accounts(units, groups)
        site.load_pages()
        courses = catalogue.load_courses(
            catalog=catalog, trainer=people.demo_trainer(), reviewer=people.demo_reviewer()
        )
        learning.load_quizzes()
        learning.load_learner_progress()
        hr.load_hr_demo(seed=seed)
        training_classes = classes.load_classes()
        issued = certificates.load_certificates()
        evaluations.load_evaluations(seed=seed)
        records.load_records_demo()
        imported = officials.load_officials_import()
        # The migrations left an empty summary marked current: HR's first look would show zeros until the
        # worker's first rebuild (or none at all where no worker runs).
        report_summary_refresh()
        if quiet:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu đã sẵn sàng. Tài khoản demo (mật khẩu chung: {people.DEMO_PASSWORD}):"
            )
        )
        self.stdout.write(f"Danh mục: {len(courses)} khóa học tại {catalog.url}")
        for account in accounts:
            self.stdout.write(f"  {account['email']:<36} {account['role']} — {account['name']}")
        self.stdout.write(
            "Tài khoản cán bộ quản lý (quản trị, giảng viên, người duyệt, phụ trách đào tạo) cần xác thực hai lớp:\n"
            f"  khóa TOTP: {people.DEMO_TOTP_SECRET} (thêm vào ứng dụng xác thực), "
            "hoặc nhập mã 000000 trên máy chủ demo (chỉ khi DEBUG)."
        )
        self.stdout.write(
            "Giấy chứng nhận mẫu (mở trang tra cứu, hoặc nhập số hiệu tại /tra-cuu-chung-nhan/):"
        )
        for certificate in issued:
            self.stdout.write(certificates.describe(certificate))
        self.stdout.write(
            f"Nhập danh sách cán bộ (demo/can-bo-so-khcn.csv): {imported['create']} tạo mới, "
            f"{imported['update']} cập nhật, {imported['unchanged']} không đổi, {imported['deactivate']} đã nghỉ."
        )
        self.stdout.write("Lớp học mẫu (giảng viên giangvien@…: /quan-ly-dao-tao/lop-hoc/):")
        for training_class in training_classes:
            self.stdout.write(
                f"  {training_class.code}  {training_class.get_status_display()}: {training_class.name}"
            )
        self.stdout.write("Kết quả đánh giá khóa học và giảng viên: /quan-ly-dao-tao/danh-gia/")
        self.stdout.write(
            "Quá trình đào tạo, bồi dưỡng: canbo@… tại /qua-trinh-boi-duong/ (một khóa bên ngoài chờ duyệt); "
            "nhansu.sxd@… tại /quan-ly-dao-tao/qua-trinh-boi-duong/ (chỉ tiêu, người chưa đạt, duyệt khai báo)."
        )
