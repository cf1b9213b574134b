import pytest

from cms.models import ModulePage

from ..factories import make_course, make_lesson


@pytest.fixture
def course(catalog, django_user_model):
    trainer = django_user_model.objects.create_user(email="gv@example.test", full_name="Lê Minh Khoa")
    course = make_course(
        catalog,
        title="Đô thị thông minh",
        for_officials=True,
        estimated_hours=3,
        objectives=[("objective", "Hiểu khái niệm đô thị thông minh")],
    )
    module = ModulePage(title="Chuyên đề 1: Khái niệm", slug="chuyen-de-1")
    course.add_child(instance=module)
    module.save_revision().publish()
    lessons = [
        make_lesson(module, title=f"Bài {i}", estimated_minutes=10 * i, free_preview=True) for i in (1, 2)
    ]
    lessons.append(make_lesson(course, title="Bài 3", required_for_completion=False, free_preview=True))
    # Published with its trainers once it has live lessons (cms.checklist).
    course.trainers.set([trainer])
    course.save_revision().publish()
    return course, lessons


@pytest.mark.django_db
def test_course_page_shows_outline_audiences_hours_and_trainers(client, course):
    page, _lessons = course
    html = client.get(page.url).content.decode()
    for text in (
        "Đô thị thông minh",
        "Cán bộ, công chức, viên chức",
        "3 giờ",
        "Lê Minh Khoa",
        "Chuyên đề 1: Khái niệm",
        "Bài 1",
        "Bài 2",
        "Bài 3",
        "Hiểu khái niệm đô thị thông minh",
    ):
        assert text in html, text
    assert html.index("Bài 1") < html.index("Bài 2") < html.index("Bài 3")
    assert "Không bắt buộc" in html


@pytest.mark.django_db
def test_lesson_page_has_previous_next_and_outline(client, course):
    _page, (first, second, third) = course
    html = client.get(second.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{third.url}"' in html
    assert 'aria-current="page" class="outline-current">Bài 2' in html
    assert "Bài 2/3" in html or "Bài học 2/3" in html
    first_html = client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html


@pytest.mark.django_db
def test_module_page_redirects_to_its_place_in_the_course(client, course):
    page, _lessons = course
    module = ModulePage.objects.get()
    response = client.get(module.url)
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#module-{module.pk}"


@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_lessons(client, catalog, django_assert_max_num_queries):
    def measure(url):
        client.get(url)
        # A visitor's second view: the home page reads 4 queries, a course or a lesson none (the content cache).
        with django_assert_max_num_queries(0 if url != "/" else 4) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    course = make_course(catalog, title="Khóa nhỏ")
    lessons = [make_lesson(course, title=f"Bài {i}", free_preview=True) for i in range(2)]
    small = (measure("/"), measure(course.url), measure(lessons[1].url))
    for i in range(15):
        make_course(catalog, title=f"Khóa khác {i}")
        lessons.append(make_lesson(course, title=f"Bài thêm {i}", free_preview=True))
    large = (measure("/"), measure(course.url), measure(lessons[1].url))
    assert large == small


@pytest.mark.django_db
def test_lesson_blocks_render_accessibly(client, catalog):
    course = make_course(catalog, title="Khóa")
    lesson = make_lesson(
        course,
        title="Bài",
        free_preview=True,
        body=[
            ("heading", {"text": "Mở đầu", "level": "h2"}),
            ("callout", {"kind": "warning", "text": "<p>Cẩn thận</p>"}),
            ("takeaways", {"items": ["Ý chính một", "Ý chính hai"]}),
            (
                "self_check",
                {
                    "question": "Câu hỏi tự kiểm tra?",
                    "explanation": "Vì vậy.",
                    "choices": [{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": False}],
                },
            ),
        ],
    )
    html = client.get(lesson.url).content.decode()
    assert "<h2>Mở đầu</h2>" in html
    assert "Cảnh báo" in html and "Những điểm chính" in html
    assert "<legend>Câu hỏi tự kiểm tra?</legend>" in html
    assert "Câu hỏi này không tính điểm." in html
