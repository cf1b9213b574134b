"""Demo course catalogue for the Tây Ninh smart-city training platform.

Pure data: ``COURSES`` is a list of course dicts that the demo-data command loads.
Content is grounded in Công văn 171/UBND-KT of the Tây Ninh Provincial People's
Committee (six key smart-city task groups) and in the national scheme approved by
Quyết định 950/QĐ-TTg ngày 01/8/2018. Structures described as current follow the
two-tier local government in force since 1 July 2025 (province, then commune/ward).

Shape of one course (keys are fixed; see the self-check at the bottom):
    slug, title, summary, objectives, track, audiences, level, hours,
    needs_moderation, modules=[{title, lessons=[{slug, title, minutes,
    free_preview, body=[(block_type, value), ...]}]}], quiz=[question, ...]

Body block types: heading, paragraph, list, callout, takeaways, self_check, and the media blocks
image ({key, alt, caption}), table ({caption, columns, rows}; the first column holds row headings) and
document ({key, title}); ``key`` names a drawing or PDF of ``demo/media.py``.
Quiz question types: single, multiple, truefalse, short, matching.
Run ``python3 catalogue.py`` to validate the data and print totals.
"""

# The online public-service levels: a table in a lesson and in the PDF guide (demo/media.py).
# Each row: the level, what is done online, whether one must still go to a state office.
SERVICE_LEVELS = [
    [
        "Dịch vụ công trực tuyến toàn trình",
        "Mọi bước: khai và nộp hồ sơ, thanh toán phí, lệ phí, theo dõi tiến độ, nhận kết quả.",
        "Không. Kết quả là bản điện tử trong tài khoản hoặc được gửi qua bưu chính công ích.",
    ],
    [
        "Dịch vụ công trực tuyến một phần",
        "Một số bước, thường là khai và nộp hồ sơ, theo dõi tiến độ.",
        "Có, cho một số bước, ví dụ xuất trình bản gốc giấy tờ hoặc nhận kết quả tại nơi tiếp nhận hồ sơ.",
    ],
    [
        "Chỉ cung cấp thông tin trực tuyến",
        "Tra cứu thông tin về thủ tục và tải biểu mẫu.",
        "Có: nộp hồ sơ và nhận kết quả tại nơi tiếp nhận, hoặc qua bưu chính nếu thủ tục cho phép.",
    ],
]

# ---------------------------------------------------------------------------
# 1. planning / officials
# ---------------------------------------------------------------------------
_GIOI_THIEU = {
    "slug": "gioi-thieu-do-thi-thong-minh",
    "title": "Đô thị thông minh: nhận thức chung cho cán bộ, công chức, viên chức",
    "summary": (
        "Khóa học giúp cán bộ, công chức, viên chức hiểu đúng đô thị thông minh, nắm các quan điểm "
        "chỉ đạo của Đề án phê duyệt tại Quyết định 950/QĐ-TTg và sáu nhóm nhiệm vụ trọng tâm tại "
        "Công văn 171/UBND-KT của UBND tỉnh Tây Ninh."
    ),
    "objectives": [
        "Giải thích được đô thị thông minh là một phương thức phát triển và vận hành đô thị, không phải tập hợp rời rạc các ứng dụng công nghệ",
        "Nêu được các quan điểm chỉ đạo cần quán triệt theo Đề án phê duyệt tại Quyết định 950/QĐ-TTg",
        "Kể tên sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT",
        "Xác định vai trò của cơ quan, đơn vị mình trong mô hình chính quyền địa phương hai cấp",
    ],
    "track": "planning",
    "audiences": ["official"],
    "level": "basic",
    "hours": 3,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Hiểu đúng về đô thị thông minh",
            "lessons": [
                {
                    "slug": "do-thi-thong-minh-la-gi",
                    "title": "Đô thị thông minh là gì?",
                    "minutes": 20,
                    "free_preview": True,
                    "body": [
                        ("heading", "Một cách phát triển và vận hành đô thị"),
                        ("paragraph", "Khi nghe đến đô thị thông minh, nhiều người nghĩ ngay tới camera giám sát, ứng dụng trên điện thoại hay màn hình lớn trong phòng điều hành. Đó mới chỉ là những phần dễ nhìn thấy. Theo tinh thần Đề án phát triển đô thị thông minh bền vững Việt Nam, đô thị thông minh cần được hiểu là một phương thức phát triển và vận hành đô thị hiện đại, hiệu quả, dùng công nghệ và dữ liệu để giải quyết những vấn đề lớn của đô thị. Công nghệ là phương tiện; mục đích cuối cùng là chất lượng sống của người dân, hiệu quả quản lý của chính quyền và môi trường thuận lợi cho doanh nghiệp."),
                        ("paragraph", "Công văn 171/UBND-KT của UBND tỉnh Tây Ninh nhấn mạnh một điểm thường bị bỏ qua: đô thị thông minh không phải là một tập hợp rời rạc các ứng dụng công nghệ thông tin. Các vấn đề trong đô thị có quan hệ chặt chẽ với nhau. Chẳng hạn, ùn tắc giao thông ảnh hưởng đến thời gian đi học, đi làm, đến chất lượng không khí và cả khả năng tiếp cận dịch vụ y tế khi cấp cứu. Vì vậy không thể giải quyết riêng lẻ từng vấn đề giao thông, giáo dục, y tế hay môi trường, mà cần nhìn chúng trong một tổng thể và chia sẻ dữ liệu giữa các lĩnh vực."),
                        ("list", [
                            "Lấy nhu cầu của người dân làm điểm xuất phát khi chọn việc ưu tiên.",
                            "Coi dữ liệu là hạ tầng thiết yếu, được quản lý như đường sá, điện, nước.",
                            "Kết nối các lĩnh vực thay vì mỗi ngành một hệ thống riêng.",
                            "Bảo đảm an toàn thông tin và bảo vệ dữ liệu cá nhân ngay từ khi thiết kế.",
                        ]),
                        ("heading", "Vì sao gọi là bền vững?"),
                        ("paragraph", "Chữ “bền vững” trong tên Đề án nhắc rằng đô thị thông minh phải hướng tới sự cân bằng giữa tăng trưởng kinh tế, công bằng xã hội và bảo vệ môi trường. Một giải pháp chỉ có ý nghĩa khi được vận hành lâu dài, có người chịu trách nhiệm, có kinh phí duy trì và được người dân thực sự sử dụng. Một hệ thống đầu tư tốn kém nhưng không ai cập nhật dữ liệu, hoặc một ứng dụng mà người dân không biết đến, không làm cho đô thị thông minh hơn. Vì thế, với cán bộ, công chức, viên chức, câu hỏi đầu tiên luôn là: vấn đề cần giải quyết là gì, ai được hưởng lợi và làm sao đo được kết quả."),
                        ("callout", {"kind": "tip", "text": "Khi được đề nghị triển khai một “giải pháp thông minh”, hãy hỏi ba câu: giải quyết vấn đề gì, dữ liệu lấy từ đâu và ai vận hành sau khi nghiệm thu."}),
                        ("takeaways", [
                            "Đô thị thông minh là phương thức phát triển và vận hành đô thị, không phải danh sách phần mềm.",
                            "Các vấn đề đô thị liên quan với nhau nên cần cách tiếp cận tổng thể và chia sẻ dữ liệu.",
                            "Bền vững nghĩa là giải pháp được vận hành lâu dài và thực sự phục vụ người dân.",
                        ]),
                    ],
                },
                {
                    "slug": "quan-diem-chi-dao-de-an-950",
                    "title": "Đề án theo Quyết định 950/QĐ-TTg và các quan điểm cần quán triệt",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Văn bản định hướng ở cấp quốc gia"),
                        ("paragraph", "Ngày 01 tháng 8 năm 2018, Thủ tướng Chính phủ ban hành Quyết định số 950/QĐ-TTg phê duyệt Đề án phát triển đô thị thông minh bền vững Việt Nam giai đoạn 2018-2025, định hướng đến năm 2030. Đây là văn bản định hướng chung để các bộ, ngành và địa phương xây dựng kế hoạch của mình. Khi triển khai, mỗi địa phương căn cứ điều kiện thực tế, nguồn lực và nhu cầu của người dân để lựa chọn nội dung và lộ trình phù hợp. Công văn 171/UBND-KT yêu cầu các sở, ngành và địa phương trong tỉnh tiếp tục đẩy mạnh tuyên truyền, quán triệt các quan điểm chỉ đạo của Đề án."),
                        ("paragraph", "Theo Công văn 171/UBND-KT, khi quán triệt Đề án cần thống nhất nhận thức xuyên suốt ở ba điểm. Thứ nhất, phát triển đô thị thông minh là để giải quyết các vấn đề lớn của đô thị, chứ không phải để chạy theo công nghệ. Thứ hai, đô thị thông minh là một phương thức phát triển và vận hành đô thị hiện đại, hiệu quả, trong đó các vấn đề giao thông, giáo dục, y tế, môi trường được xem xét trong mối quan hệ với nhau. Thứ ba, hạ tầng thông tin đô thị, hạ tầng số và đặc biệt là hạ tầng dữ liệu là hạ tầng thiết yếu, làm nền tảng để thông minh hóa các hạ tầng kỹ thuật và hạ tầng kinh tế - xã hội khác."),
                        ("heading", "Từ quan điểm đến việc làm cụ thể"),
                        ("list", [
                            "Bắt đầu kế hoạch từ danh sách vấn đề và nhu cầu của người dân, doanh nghiệp.",
                            "Tính đến kết nối, chia sẻ dữ liệu với hệ thống sẵn có trước khi đầu tư hệ thống mới.",
                            "Đánh giá kết quả bằng mức cải thiện dịch vụ, không chỉ bằng số thiết bị đã lắp đặt.",
                        ]),
                        ("paragraph", "Từ các quan điểm trên có thể rút ra những hệ quả rất cụ thể cho công việc hằng ngày. Khi xây dựng kế hoạch, cơ quan nên bắt đầu từ vấn đề và nhu cầu thực tế, rồi mới chọn công nghệ. Khi đầu tư một hệ thống mới, cần tính đến việc kết nối, chia sẻ dữ liệu với hệ thống sẵn có thay vì xây thêm một “ốc đảo” dữ liệu. Khi đánh giá kết quả, cần đo bằng mức độ cải thiện dịch vụ và sự hài lòng của người sử dụng, không chỉ bằng số thiết bị đã lắp đặt hay số phần mềm đã mua sắm."),
                        ("callout", {"kind": "note", "text": "Đề án được phê duyệt cho giai đoạn 2018-2025, định hướng đến năm 2030. Khi áp dụng vào công việc, cần đối chiếu thêm với các văn bản hướng dẫn và quy định hiện hành của tỉnh."}),
                        ("self_check", {
                            "question": "Theo Công văn 171/UBND-KT, loại hạ tầng nào được coi là hạ tầng thiết yếu, làm nền tảng để thông minh hóa các hạ tầng khác?",
                            "choices": ["Hạ tầng dữ liệu", "Hệ thống chiếu sáng công cộng", "Mạng lưới cấp nước", "Trụ sở cơ quan nhà nước"],
                            "correct": 0,
                            "explanation": "Công văn yêu cầu coi hạ tầng thông tin đô thị, hạ tầng số và đặc biệt là hạ tầng dữ liệu là hạ tầng thiết yếu của đô thị.",
                        }),
                        ("takeaways", [
                            "Quyết định 950/QĐ-TTg ngày 01/8/2018 phê duyệt Đề án cho giai đoạn 2018-2025, định hướng đến năm 2030.",
                            "Ba nhận thức cần thống nhất: giải quyết vấn đề lớn, phát triển tổng thể, hạ tầng dữ liệu là thiết yếu.",
                            "Quan điểm chỉ đạo phải thể hiện thành cách lập kế hoạch, đầu tư và đánh giá hằng ngày.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Triển khai tại tỉnh Tây Ninh",
            "lessons": [
                {
                    "slug": "sau-nhom-nhiem-vu-cong-van-171",
                    "title": "Công văn 171/UBND-KT và sáu nhóm nhiệm vụ trọng tâm",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Nội dung chính của Công văn"),
                        ("paragraph", "Ngày 27 tháng 01, UBND tỉnh Tây Ninh ban hành Công văn số 171/UBND-KT về việc triển khai các nhiệm vụ trọng tâm về phát triển đô thị thông minh trên địa bàn tỉnh. Công văn đề nghị các sở, ngành và địa phương triển khai sáu nhóm nhiệm vụ cụ thể, đồng thời yêu cầu tổ chức các lớp bồi dưỡng, tập huấn kỹ năng cho cán bộ, công chức, người dân và doanh nghiệp. Các khóa học trên nền tảng này được xây dựng để đáp ứng yêu cầu đó: nâng cao hiệu quả sử dụng dịch vụ, nâng cao nhận thức về lợi ích của đô thị thông minh và vai trò của các cấp, các ngành."),
                        ("list", [
                            "Quy hoạch và phát triển đô thị thông minh.",
                            "Quy hoạch và phát triển hạ tầng đô thị.",
                            "Quản lý xây dựng và phát triển đô thị.",
                            "Dịch vụ tiện ích đô thị.",
                            "Kinh tế và đổi mới.",
                            "Người dân, cộng đồng.",
                        ]),
                        ("paragraph", "Sáu nhóm nhiệm vụ không tách biệt nhau. Quy hoạch định hướng cho việc đầu tư hạ tầng; hạ tầng và dữ liệu tốt giúp quản lý xây dựng minh bạch hơn; quản lý tốt tạo điều kiện cung cấp dịch vụ tiện ích; dịch vụ thuận lợi thúc đẩy kinh tế và đổi mới sáng tạo; và tất cả đều phải xuất phát từ nhu cầu và sự tham gia của người dân, cộng đồng. Danh mục khóa học trên nền tảng cũng được sắp xếp theo sáu nhóm nhiệm vụ này để học viên dễ tìm nội dung gắn với công việc của mình."),
                        ("image", {
                            "key": "six-tasks",
                            "alt": "Sơ đồ vòng tròn: sáu nhóm nhiệm vụ nối nhau bằng mũi tên quanh mục tiêu đô thị thông minh bền vững. 1 Quy hoạch và phát triển đô thị thông minh, 2 hạ tầng đô thị, 3 quản lý xây dựng, 4 dịch vụ tiện ích, 5 kinh tế và đổi mới, 6 người dân, cộng đồng.",
                            "caption": "Sáu nhóm nhiệm vụ trọng tâm theo Công văn 171/UBND-KT nối tiếp và hỗ trợ nhau.",
                        }),
                        ("heading", "Nguyên tắc triển khai"),
                        ("paragraph", "Công văn cũng nêu các nguyên tắc triển khai đáng chú ý. Các cơ quan, đơn vị cần chủ động nghiên cứu nội dung phù hợp với thực tế và đồng bộ với tiến trình chuyển đổi số của tỉnh; xác định thứ tự ưu tiên hướng đến phục vụ dựa trên nhu cầu người dân; và bảo đảm người dân được tham gia ngay từ đầu trong quá trình quy hoạch, thiết kế, xây dựng đề án đô thị thông minh bền vững. Tại thời điểm ban hành, thị xã Hòa Thành được giao tập trung triển khai đề án thí điểm chuyển đổi số và xây dựng đô thị thông minh giai đoạn 2022-2025, định hướng đến năm 2030."),
                        ("callout", {"kind": "note", "text": "Công văn được ban hành khi tỉnh còn tổ chức chính quyền ba cấp, nên có nhắc đến UBND các huyện, thị xã, thành phố. Từ ngày 01/7/2025, việc tổ chức thực hiện cần được hiểu theo mô hình chính quyền địa phương hai cấp: các sở, ban, ngành tỉnh và UBND xã, phường."}),
                        ("takeaways", [
                            "Công văn 171/UBND-KT xác định sáu nhóm nhiệm vụ trọng tâm về phát triển đô thị thông minh.",
                            "Sáu nhóm nhiệm vụ gắn bó với nhau và cùng hướng tới nhu cầu của người dân.",
                            "Người dân phải được tham gia ngay từ đầu; nội dung triển khai phải phù hợp thực tế và đồng bộ với chuyển đổi số của tỉnh.",
                        ]),
                    ],
                },
                {
                    "slug": "vai-tro-can-bo-chinh-quyen-hai-cap",
                    "title": "Vai trò của cán bộ, công chức trong chính quyền địa phương hai cấp",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Bối cảnh tổ chức mới"),
                        ("paragraph", "Từ ngày 01 tháng 7 năm 2025, chính quyền địa phương được tổ chức theo mô hình hai cấp: cấp tỉnh và cấp xã, phường; cấp huyện không còn. Tỉnh Tây Ninh hiện nay bao gồm cả địa bàn tỉnh Long An trước đây. Sự thay đổi này làm cho việc phối hợp, chia sẻ dữ liệu giữa cấp tỉnh và cấp xã, phường càng trở nên quan trọng. Nhiều việc trước đây đi qua cấp huyện nay được giải quyết trực tiếp tại UBND xã, phường hoặc tại các sở, ngành tỉnh, vì vậy mỗi cán bộ, công chức, viên chức cần nắm rõ vai trò của cơ quan mình trong chuỗi công việc chung."),
                        ("paragraph", "Ở cấp tỉnh, các sở, ban, ngành tham mưu chính sách, xây dựng nền tảng dùng chung, chuẩn hóa dữ liệu và hướng dẫn chuyên môn. Chẳng hạn, Sở Xây dựng gắn với quy hoạch, hạ tầng và quản lý xây dựng; Sở Khoa học và Công nghệ gắn với chuyển đổi số, hạ tầng số và đổi mới sáng tạo; Sở Nội vụ gắn với tổ chức bộ máy và bồi dưỡng cán bộ. Ở cấp xã, phường, UBND xã, phường là nơi gần dân nhất: tiếp nhận hồ sơ, hướng dẫn người dân sử dụng dịch vụ số, cập nhật dữ liệu tại chỗ và ghi nhận phản ánh của cộng đồng."),
                        ("heading", "Việc cụ thể mỗi người có thể làm"),
                        ("list", [
                            "Nắm vững quy trình, thủ tục thuộc lĩnh vực mình phụ trách để hướng dẫn người dân làm trên môi trường số.",
                            "Cập nhật dữ liệu chính xác, kịp thời vào hệ thống được giao quản lý.",
                            "Phản hồi đề xuất, phản ánh của người dân, doanh nghiệp trong thời hạn quy định.",
                            "Chủ động đề xuất cải tiến khi thấy quy trình còn trùng lặp hoặc giấy tờ phải nộp nhiều lần.",
                        ]),
                        ("paragraph", "Đô thị thông minh được xây dựng từ rất nhiều hành động nhỏ và nhất quán. Một hồ sơ được cập nhật đúng hạn giúp người dân tra cứu được tiến độ; một bộ dữ liệu được nhập đúng chuẩn giúp cơ quan khác dùng lại mà không phải hỏi lại người dân; một lời hướng dẫn tận tình ở bộ phận tiếp nhận hồ sơ giúp người cao tuổi tự tin dùng dịch vụ công trực tuyến vào lần sau. Vì vậy, vai trò của cán bộ, công chức, viên chức không chỉ là thực thi nhiệm vụ, mà còn là lan tỏa nhận thức và niềm tin vào chính quyền số."),
                        ("callout", {"kind": "tip", "text": "Hạn chế tối đa việc yêu cầu người dân cung cấp lại thông tin mà cơ quan nhà nước đã có và được phép khai thác. Đây là một trong những lợi ích thiết thực nhất của việc chia sẻ dữ liệu."}),
                        ("takeaways", [
                            "Từ 01/7/2025, chính quyền địa phương có hai cấp: tỉnh và xã, phường; Tây Ninh nay gồm cả địa bàn Long An trước đây.",
                            "Cấp tỉnh xây dựng nền tảng, chuẩn hóa dữ liệu; UBND xã, phường là nơi gần dân nhất.",
                            "Mỗi cán bộ góp phần xây dựng đô thị thông minh qua dữ liệu đúng, phản hồi kịp thời và hướng dẫn tận tình.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Theo Công văn 171/UBND-KT, đô thị thông minh cần được hiểu là gì?",
            "choices": [
                "Một phương thức phát triển và vận hành đô thị hiện đại, hiệu quả",
                "Một tập hợp các ứng dụng công nghệ thông tin độc lập",
                "Một dự án lắp đặt camera giám sát",
                "Một phần mềm quản lý văn bản điện tử",
            ],
            "correct": [0],
            "feedback": "Công văn nhấn mạnh đô thị thông minh là phương thức phát triển và vận hành đô thị, không phải tập hợp rời rạc các ứng dụng.",
        },
        {
            "type": "multiple",
            "text": "Những nội dung nào thuộc sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT?",
            "choices": [
                "Dịch vụ tiện ích đô thị",
                "Kinh tế và đổi mới",
                "Người dân, cộng đồng",
                "Phát triển công nghiệp khai khoáng",
                "Quản lý xây dựng và phát triển đô thị",
            ],
            "correct": [0, 1, 2, 4],
            "feedback": "Sáu nhóm gồm: quy hoạch và phát triển đô thị thông minh; quy hoạch và phát triển hạ tầng đô thị; quản lý xây dựng và phát triển đô thị; dịch vụ tiện ích đô thị; kinh tế và đổi mới; người dân, cộng đồng.",
        },
        {
            "type": "truefalse",
            "text": "Các vấn đề giao thông, giáo dục, y tế, môi trường trong đô thị nên được giải quyết riêng lẻ bằng các hệ thống độc lập.",
            "correct": False,
            "feedback": "Các vấn đề đô thị có quan hệ chặt chẽ nên không thể giải quyết riêng lẻ; cần cách tiếp cận tổng thể và chia sẻ dữ liệu.",
        },
        {
            "type": "short",
            "text": "Ghi số hiệu quyết định của Thủ tướng Chính phủ phê duyệt Đề án phát triển đô thị thông minh bền vững Việt Nam giai đoạn 2018-2025.",
            "answers": ["950/QĐ-TTg", "950", "Quyết định 950", "QĐ 950"],
            "feedback": "Đó là Quyết định số 950/QĐ-TTg ngày 01/8/2018.",
        },
        {
            "type": "matching",
            "text": "Ghép cơ quan với vai trò tiêu biểu được nêu trong bài học.",
            "pairs": [
                ["Sở Xây dựng", "Quy hoạch, hạ tầng và quản lý xây dựng"],
                ["Sở Khoa học và Công nghệ", "Chuyển đổi số, hạ tầng số và đổi mới sáng tạo"],
                ["Sở Nội vụ", "Tổ chức bộ máy và bồi dưỡng cán bộ"],
                ["UBND xã, phường", "Tiếp nhận hồ sơ và hướng dẫn người dân tại chỗ"],
            ],
            "feedback": "Cấp tỉnh tham mưu, xây dựng nền tảng và hướng dẫn chuyên môn; UBND xã, phường là nơi gần dân nhất.",
        },
        {
            "type": "single",
            "text": "Từ ngày 01/7/2025, chính quyền địa phương được tổ chức theo mô hình nào?",
            "choices": [
                "Hai cấp: tỉnh và xã, phường",
                "Ba cấp: tỉnh, huyện và xã",
                "Một cấp: chỉ có cấp tỉnh",
                "Hai cấp: tỉnh và huyện",
            ],
            "correct": [0],
            "feedback": "Cấp huyện không còn; chính quyền địa phương gồm cấp tỉnh và cấp xã, phường.",
        },
        {
            "type": "truefalse",
            "text": "Theo Công văn 171/UBND-KT, người dân phải được tham gia ngay từ đầu trong quá trình quy hoạch, thiết kế, xây dựng đề án đô thị thông minh.",
            "correct": True,
            "feedback": "Đây là một nguyên tắc triển khai được Công văn nêu rõ, gắn với việc ưu tiên phục vụ dựa trên nhu cầu người dân.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 2. utilities / citizens, businesses
# ---------------------------------------------------------------------------
_DICH_VU_CONG = {
    "slug": "su-dung-dich-vu-cong-truc-tuyen",
    "title": "Sử dụng dịch vụ công trực tuyến",
    "summary": (
        "Hướng dẫn người dân và doanh nghiệp đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh "
        "điện tử VNeID, nộp hồ sơ, theo dõi tiến độ, nhận kết quả và gửi phản ánh, kiến nghị một cách an toàn."
    ),
    "objectives": [
        "Phân biệt được dịch vụ công trực tuyến toàn trình và một phần",
        "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử VNeID",
        "Nộp hồ sơ, tra cứu tiến độ và nhận kết quả trực tuyến",
        "Biết cách gửi phản ánh, kiến nghị và nơi được hỗ trợ khi gặp khó khăn",
    ],
    "track": "utilities",
    "audiences": ["citizen", "business"],
    "level": "basic",
    "hours": 3,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Chuẩn bị trước khi thực hiện",
            "lessons": [
                {
                    "slug": "loi-ich-dich-vu-cong-truc-tuyen",
                    "title": "Dịch vụ công trực tuyến mang lại lợi ích gì?",
                    "minutes": 15,
                    "free_preview": True,
                    "body": [
                        ("heading", "Từ “đến cơ quan” sang “làm trên mạng”"),
                        ("paragraph", "Dịch vụ công trực tuyến là việc cơ quan nhà nước cung cấp thủ tục hành chính và dịch vụ công cho người dân, doanh nghiệp qua môi trường mạng. Thay vì phải đến trụ sở trong giờ hành chính, người dân có thể khai thông tin, đính kèm giấy tờ điện tử và gửi hồ sơ bất cứ lúc nào có kết nối Internet. Đây là một nội dung thuộc nhóm nhiệm vụ dịch vụ tiện ích đô thị mà Công văn 171/UBND-KT của UBND tỉnh Tây Ninh đề cập, và cũng là nơi người dân cảm nhận rõ nhất lợi ích của chính quyền số."),
                        ("paragraph", "Có hai mức thường gặp. Với dịch vụ công trực tuyến toàn trình, toàn bộ quá trình từ nộp hồ sơ, giải quyết đến trả kết quả đều thực hiện trên môi trường mạng; người dân không phải đến cơ quan. Với dịch vụ công trực tuyến một phần, một số bước vẫn phải làm trực tiếp, ví dụ xuất trình bản gốc giấy tờ hoặc nhận kết quả tại nơi tiếp nhận hồ sơ. Trang thông tin của từng thủ tục cho biết thủ tục đó được cung cấp ở mức nào, cần thành phần hồ sơ gì, phí, lệ phí ra sao và thời hạn giải quyết bao lâu."),
                        ("table", {
                            "caption": "Các mức dịch vụ công trực tuyến: người dân làm được gì trên mạng",
                            "columns": ["Mức dịch vụ", "Làm trực tuyến", "Có phải đến cơ quan nhà nước?"],
                            "rows": SERVICE_LEVELS,
                        }),
                        ("list", [
                            "Tiết kiệm thời gian đi lại và chờ đợi.",
                            "Nộp hồ sơ ngoài giờ hành chính, kể cả ngày nghỉ.",
                            "Tra cứu được tiến độ giải quyết hồ sơ.",
                            "Hạn chế phải nộp lại giấy tờ mà cơ quan nhà nước đã có.",
                        ]),
                        ("heading", "Cổng Dịch vụ công quốc gia"),
                        ("paragraph", "Cổng Dịch vụ công quốc gia tại địa chỉ dichvucong.gov.vn là đầu mối tập trung để tra cứu và thực hiện thủ tục hành chính của nhiều bộ, ngành và địa phương, trong đó có tỉnh Tây Ninh. Người dùng có thể tìm thủ tục theo tên, theo lĩnh vực hoặc theo cơ quan thực hiện. Trước khi bắt đầu, nên đọc kỹ phần hướng dẫn của thủ tục, chuẩn bị sẵn bản điện tử của giấy tờ cần thiết và kiểm tra địa chỉ trang web trên thanh địa chỉ của trình duyệt để tránh các trang giả mạo có giao diện tương tự."),
                        ("callout", {"kind": "warning", "text": "Chỉ truy cập đúng địa chỉ dichvucong.gov.vn. Không làm thủ tục qua đường liên kết lạ gửi bằng tin nhắn, mạng xã hội, hoặc qua người tự xưng là cán bộ nhận làm hộ có thu phí."}),
                        ("document", {"key": "service-guide", "title": "Tải về Hướng dẫn nhanh sử dụng dịch vụ công trực tuyến"}),
                        ("takeaways", [
                            "Dịch vụ công trực tuyến giúp nộp hồ sơ mọi lúc, tra cứu được tiến độ và giảm giấy tờ.",
                            "Toàn trình: mọi bước đều trực tuyến; một phần: vẫn còn bước làm trực tiếp.",
                            "Cổng Dịch vụ công quốc gia có địa chỉ chính thức dichvucong.gov.vn.",
                        ]),
                    ],
                },
                {
                    "slug": "tai-khoan-vneid-va-dang-nhap",
                    "title": "Tài khoản định danh điện tử VNeID và cách đăng nhập",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Tài khoản định danh điện tử là gì"),
                        ("paragraph", "VNeID là ứng dụng định danh điện tử do Bộ Công an phát triển, giúp công dân chứng minh “tôi là ai” trên môi trường số. Tài khoản định danh điện tử mức độ 2 được đăng ký có xác thực trực tiếp với cơ quan công an nên có độ tin cậy cao hơn mức độ 1. Với tài khoản này, người dân có thể đăng nhập Cổng Dịch vụ công quốc gia và nhiều hệ thống dịch vụ công khác mà không cần tạo thêm tên đăng nhập, mật khẩu riêng cho từng nơi. Một số thông tin như họ và tên, ngày sinh được lấy từ dữ liệu dân cư, nhờ đó hạn chế sai sót khi khai báo."),
                        ("paragraph", "Để đăng nhập, tại trang dichvucong.gov.vn, người dùng chọn chức năng đăng nhập, sau đó chọn phương thức dùng tài khoản định danh điện tử. Hệ thống sẽ yêu cầu xác thực thông qua ứng dụng VNeID trên điện thoại, chẳng hạn nhập số định danh cá nhân và mật khẩu hoặc quét mã, rồi xác nhận bằng mã được gửi về. Sau lần đăng nhập đầu tiên, nên kiểm tra thông tin tài khoản, bổ sung số điện thoại và thư điện tử để nhận thông báo về hồ sơ. Mỗi người chỉ dùng tài khoản của chính mình; khi làm thủ tục thay người thân, cần có giấy tờ ủy quyền hợp lệ hoặc làm theo hướng dẫn riêng của thủ tục."),
                        ("list", [
                            "Truy cập dichvucong.gov.vn và chọn đăng nhập.",
                            "Chọn phương thức tài khoản định danh điện tử.",
                            "Xác thực trên ứng dụng VNeID của chính mình.",
                            "Kiểm tra, bổ sung thông tin liên hệ trong tài khoản.",
                        ]),
                        ("heading", "Doanh nghiệp đăng nhập thế nào"),
                        ("paragraph", "Đối với doanh nghiệp, người đại diện theo pháp luật hoặc người được ủy quyền thực hiện thủ tục bằng phương thức xác thực dành cho tổ chức mà Cổng Dịch vụ công quốc gia hỗ trợ, chẳng hạn tài khoản định danh điện tử của tổ chức; một số thủ tục còn yêu cầu ký số hồ sơ. Doanh nghiệp nên quy định rõ ai được giữ thiết bị chữ ký số, ai được thực hiện thủ tục nhân danh doanh nghiệp và lưu lại danh sách các hồ sơ đã nộp. Cách làm này vừa bảo đảm an toàn, vừa giúp bàn giao công việc thuận lợi khi nhân sự thay đổi."),
                        ("callout", {"kind": "warning", "text": "Không bao giờ cung cấp mật khẩu, mã xác thực (OTP) hoặc mã bảo vệ của ứng dụng VNeID cho người khác, kể cả người tự xưng là cán bộ công an hay cán bộ UBND xã, phường."}),
                        ("takeaways", [
                            "VNeID là ứng dụng định danh điện tử do Bộ Công an phát triển.",
                            "Tài khoản mức độ 2 được xác thực trực tiếp với cơ quan công an và dùng để đăng nhập nhiều dịch vụ công.",
                            "Doanh nghiệp thực hiện thủ tục qua phương thức xác thực dành cho tổ chức và cần phân công rõ người thực hiện.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Thực hiện thủ tục và tìm hỗ trợ",
            "lessons": [
                {
                    "slug": "nop-ho-so-theo-doi-nhan-ket-qua",
                    "title": "Nộp hồ sơ, theo dõi tiến độ và nhận kết quả",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các bước nộp hồ sơ"),
                        ("paragraph", "Sau khi đăng nhập, người dùng tìm thủ tục cần thực hiện, chọn đúng cơ quan giải quyết và địa bàn. Với chính quyền địa phương hai cấp, nhiều thủ tục trước đây nộp ở cấp huyện nay được giải quyết tại UBND xã, phường hoặc tại các sở, ngành tỉnh, vì vậy cần đọc kỹ mục cơ quan thực hiện trước khi nộp. Biểu mẫu điện tử thường điền sẵn một số thông tin từ tài khoản định danh; người dùng kiểm tra lại, khai các thông tin còn thiếu và đính kèm bản điện tử của giấy tờ theo danh sách thành phần hồ sơ."),
                        ("list", [
                            "Chọn thủ tục và cơ quan thực hiện.",
                            "Khai biểu mẫu, kiểm tra các thông tin được điền sẵn.",
                            "Đính kèm giấy tờ rõ nét, đúng định dạng.",
                            "Thanh toán phí, lệ phí trực tuyến nếu có.",
                            "Gửi hồ sơ và lưu lại mã hồ sơ.",
                        ]),
                        ("image", {
                            "key": "application-steps",
                            "alt": "Sơ đồ sáu bước nối bằng mũi tên: 1 đăng nhập bằng tài khoản VNeID, 2 chọn thủ tục và cơ quan, 3 khai biểu mẫu, đính kèm giấy tờ, 4 thanh toán phí, lệ phí, 5 gửi hồ sơ, lưu mã hồ sơ, 6 theo dõi tiến độ, nhận kết quả.",
                            "caption": "Sáu bước nộp một hồ sơ trực tuyến, từ đăng nhập đến nhận kết quả.",
                        }),
                        ("paragraph", "Khi hồ sơ được gửi thành công, hệ thống cấp một mã hồ sơ. Mã này dùng để tra cứu tiến độ: hồ sơ đã được tiếp nhận chưa, đang được xử lý ở bước nào, có cần bổ sung gì không. Nếu cơ quan giải quyết yêu cầu bổ sung, người dùng nhận thông báo qua tài khoản, thư điện tử hoặc tin nhắn và nộp bổ sung trực tuyến. Với thủ tục có phí, lệ phí, Cổng hỗ trợ thanh toán trực tuyến qua các ngân hàng, trung gian thanh toán được kết nối; người dùng nên lưu lại biên lai điện tử để đối chiếu khi cần."),
                        ("heading", "Nhận kết quả"),
                        ("paragraph", "Tùy từng thủ tục, kết quả có thể được trả dưới dạng bản điện tử trong tài khoản của người dùng, gửi qua dịch vụ bưu chính công ích đến địa chỉ đã đăng ký, hoặc nhận trực tiếp tại nơi tiếp nhận hồ sơ. Khi chọn nhận kết quả qua bưu chính, cần ghi chính xác địa chỉ theo tên đơn vị hành chính hiện nay, tức là tên xã, phường sau khi sắp xếp. Người dùng nên tải về và lưu giữ kết quả điện tử ở nơi an toàn, vì bản điện tử này có thể được dùng lại khi thực hiện những thủ tục sau."),
                        ("callout", {"kind": "tip", "text": "Chụp giấy tờ ở nơi đủ sáng, đặt trên nền phẳng, không để mất góc hay bị lóa. Ảnh mờ, thiếu trang là lý do thường gặp khiến hồ sơ phải bổ sung."}),
                        ("self_check", {
                            "question": "Mã hồ sơ được cấp sau khi nộp thành công dùng để làm gì?",
                            "choices": ["Tra cứu tiến độ giải quyết hồ sơ", "Đăng nhập ứng dụng VNeID", "Thay thế chữ ký số", "Thanh toán hóa đơn tiền điện"],
                            "correct": 0,
                            "explanation": "Mã hồ sơ giúp biết hồ sơ đã được tiếp nhận chưa, đang ở bước nào và có cần bổ sung hay không.",
                        }),
                        ("document", {"key": "service-guide", "title": "Tải về Hướng dẫn nhanh sử dụng dịch vụ công trực tuyến"}),
                        ("takeaways", [
                            "Chọn đúng thủ tục và cơ quan thực hiện theo mô hình chính quyền hai cấp.",
                            "Lưu mã hồ sơ để tra cứu tiến độ; nộp bổ sung trực tuyến khi được yêu cầu.",
                            "Kết quả có thể nhận bản điện tử, qua bưu chính công ích hoặc trực tiếp, tùy thủ tục.",
                        ]),
                    ],
                },
                {
                    "slug": "phan-anh-kien-nghi-va-ho-tro",
                    "title": "Phản ánh, kiến nghị và tìm trợ giúp",
                    "minutes": 15,
                    "free_preview": False,
                    "body": [
                        ("heading", "Khi nào nên phản ánh, kiến nghị"),
                        ("paragraph", "Trong quá trình thực hiện thủ tục, người dân và doanh nghiệp có thể gặp những tình huống như hồ sơ quá hạn mà chưa có kết quả, bị yêu cầu thêm giấy tờ không có trong thành phần hồ sơ được công bố, hoặc phát hiện thông tin công khai về thủ tục chưa chính xác. Khi đó, phản ánh, kiến nghị giúp cơ quan nhà nước phát hiện và sửa chữa sai sót. Cổng Dịch vụ công quốc gia có chức năng tiếp nhận phản ánh, kiến nghị; nội dung được chuyển đến cơ quan có thẩm quyền để xem xét, trả lời."),
                        ("paragraph", "Một phản ánh tốt cần ngắn gọn, rõ ràng và có căn cứ. Người gửi nên nêu tên thủ tục, mã hồ sơ nếu có, cơ quan giải quyết, thời điểm xảy ra sự việc và mong muốn cụ thể. Không nên đưa vào phản ánh thông tin cá nhân của người khác hoặc những nội dung không liên quan. Ngôn ngữ lịch sự, tập trung vào sự việc giúp phản ánh được xử lý nhanh hơn và góp phần xây dựng quan hệ tin cậy giữa chính quyền với người dân, doanh nghiệp."),
                        ("list", [
                            "Tên thủ tục và mã hồ sơ.",
                            "Cơ quan giải quyết và thời điểm xảy ra sự việc.",
                            "Mô tả ngắn gọn vấn đề gặp phải.",
                            "Đề nghị cụ thể mong muốn được giải quyết.",
                        ]),
                        ("heading", "Nơi có thể được hỗ trợ"),
                        ("paragraph", "Nếu chưa quen thao tác, người dân có thể đến bộ phận tiếp nhận và trả kết quả hồ sơ tại UBND xã, phường để được hướng dẫn trực tiếp. Ở nhiều nơi, tổ công nghệ số cộng đồng và đoàn viên thanh niên cũng hỗ trợ người cao tuổi, người khuyết tật làm quen với dịch vụ công trực tuyến. Khi nhờ người khác giúp, hãy tự mình thực hiện bước xác thực trên điện thoại và không giao mật khẩu. Làm được một lần có người hướng dẫn, những lần sau người dân sẽ tự tin tự thực hiện."),
                        ("callout", {"kind": "note", "text": "Phản ánh, kiến nghị khác với khiếu nại, tố cáo. Khiếu nại, tố cáo được thực hiện theo trình tự, thủ tục riêng do pháp luật quy định."}),
                        ("takeaways", [
                            "Phản ánh, kiến nghị giúp cơ quan nhà nước phát hiện và sửa sai sót trong giải quyết thủ tục.",
                            "Phản ánh cần nêu rõ thủ tục, mã hồ sơ, sự việc và đề nghị cụ thể.",
                            "UBND xã, phường và tổ công nghệ số cộng đồng có thể hướng dẫn người dân; tuyệt đối không giao mật khẩu.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Địa chỉ chính thức của Cổng Dịch vụ công quốc gia là gì?",
            "choices": [
                "dichvucong.gov.vn",
                "Bất kỳ trang nào có chữ “dịch vụ công” trong tên",
                "Đường liên kết được gửi qua tin nhắn lạ",
                "Trang mạng xã hội tự giới thiệu là cổng dịch vụ công",
            ],
            "correct": [0],
            "feedback": "Chỉ truy cập đúng địa chỉ dichvucong.gov.vn để tránh trang giả mạo.",
        },
        {
            "type": "truefalse",
            "text": "Với dịch vụ công trực tuyến toàn trình, người dân vẫn phải đến cơ quan nhà nước để nộp bản giấy.",
            "correct": False,
            "feedback": "Dịch vụ toàn trình cho phép thực hiện mọi bước trên môi trường mạng, từ nộp hồ sơ đến nhận kết quả.",
        },
        {
            "type": "short",
            "text": "Tên ứng dụng định danh điện tử do Bộ Công an phát triển, dùng để đăng nhập Cổng Dịch vụ công quốc gia?",
            "answers": ["VNeID", "ứng dụng VNeID", "VNe ID"],
            "feedback": "Đó là ứng dụng VNeID.",
        },
        {
            "type": "multiple",
            "text": "Những việc nào nên làm khi nộp hồ sơ trực tuyến?",
            "choices": [
                "Kiểm tra lại các thông tin được điền sẵn",
                "Lưu lại mã hồ sơ",
                "Đọc mã OTP cho người gọi điện tự xưng là cán bộ hỗ trợ",
                "Đính kèm ảnh giấy tờ rõ nét",
                "Ghi địa chỉ nhận kết quả theo tên xã, phường hiện nay",
            ],
            "correct": [0, 1, 3, 4],
            "feedback": "Không bao giờ cung cấp mã OTP cho người khác; các việc còn lại giúp hồ sơ được xử lý thuận lợi.",
        },
        {
            "type": "matching",
            "text": "Ghép tình huống với cách xử lý phù hợp.",
            "pairs": [
                ["Chưa quen thao tác", "Nhờ bộ phận tiếp nhận hồ sơ của UBND xã, phường hướng dẫn"],
                ["Hồ sơ quá hạn chưa có kết quả", "Gửi phản ánh, kiến nghị kèm mã hồ sơ"],
                ["Có người nhắn tin xin mã OTP", "Từ chối, không cung cấp"],
                ["Muốn biết hồ sơ đang ở bước nào", "Tra cứu bằng mã hồ sơ"],
            ],
            "feedback": "Mỗi tình huống có một kênh xử lý phù hợp; không bao giờ chia sẻ mã xác thực.",
        },
        {
            "type": "single",
            "text": "Tài khoản định danh điện tử mức độ 2 có đặc điểm gì?",
            "choices": [
                "Được đăng ký có xác thực trực tiếp với cơ quan công an",
                "Tự tạo trên mạng xã hội",
                "Do doanh nghiệp viễn thông cấp khi mua thẻ SIM",
                "Chỉ dùng được cho doanh nghiệp",
            ],
            "correct": [0],
            "feedback": "Tài khoản mức độ 2 được xác thực trực tiếp với cơ quan công an nên có độ tin cậy cao hơn mức độ 1.",
        },
        {
            "type": "truefalse",
            "text": "Phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia thay thế hoàn toàn thủ tục khiếu nại, tố cáo.",
            "correct": False,
            "feedback": "Khiếu nại, tố cáo được thực hiện theo trình tự, thủ tục riêng do pháp luật quy định.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 3. economy / businesses
# ---------------------------------------------------------------------------
_CHUYEN_DOI_SO_DN = {
    "slug": "chuyen-doi-so-doanh-nghiep-nho-va-vua",
    "title": "Chuyển đổi số cho doanh nghiệp nhỏ và vừa",
    "summary": (
        "Khóa học thực hành giúp chủ doanh nghiệp nhỏ và vừa xác định bài toán cần giải, chọn công cụ số "
        "thiết yếu và xây dựng lộ trình chuyển đổi số vừa sức, có đo lường."
    ),
    "objectives": [
        "Xác định điểm bắt đầu chuyển đổi số từ một bài toán kinh doanh cụ thể",
        "Nhận biết các công cụ số thiết yếu cho quản trị, bán hàng và thanh toán",
        "Áp dụng biện pháp an toàn cơ bản khi đưa dữ liệu kinh doanh lên môi trường số",
        "Lập lộ trình chuyển đổi số theo từng bước và đo lường kết quả",
    ],
    "track": "economy",
    "audiences": ["business"],
    "level": "basic",
    "hours": 4,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Bắt đầu đúng cách",
            "lessons": [
                {
                    "slug": "bat-dau-tu-bai-toan-kinh-doanh",
                    "title": "Chuyển đổi số bắt đầu từ bài toán kinh doanh",
                    "minutes": 20,
                    "free_preview": True,
                    "body": [
                        ("heading", "Không bắt đầu từ phần mềm"),
                        ("paragraph", "Chuyển đổi số không có nghĩa là mua thật nhiều phần mềm. Với doanh nghiệp nhỏ và vừa, chuyển đổi số là thay đổi cách làm việc nhờ dữ liệu và công cụ số để bán được nhiều hơn, phục vụ khách hàng tốt hơn hoặc giảm chi phí. Vì vậy, điểm bắt đầu hợp lý là một bài toán kinh doanh cụ thể mà chủ doanh nghiệp gặp hằng ngày: tồn kho không khớp sổ sách, khách hàng cũ không quay lại, mất nhiều thời gian đối chiếu công nợ, hay khó theo dõi đơn hàng đến từ nhiều kênh khác nhau."),
                        ("paragraph", "Một cách làm đơn giản là liệt kê các công việc lặp đi lặp lại trong tuần và ghi chú việc nào tốn thời gian nhất, dễ sai sót nhất. Sau đó chọn một hoặc hai việc có tác động lớn để số hóa trước. Chẳng hạn, một cơ sở sản xuất bánh tráng có thể bắt đầu bằng việc quản lý đơn hàng và tồn kho trên ứng dụng thay cho sổ tay; một cửa hàng vật liệu xây dựng có thể bắt đầu bằng phần mềm bán hàng có kết nối hóa đơn điện tử. Thành công nhỏ ban đầu giúp nhân viên tin tưởng và sẵn sàng cho bước tiếp theo."),
                        ("list", [
                            "Công việc nào đang tốn nhiều thời gian nhất?",
                            "Sai sót nào gây thiệt hại nhiều nhất?",
                            "Khách hàng đang phàn nàn điều gì?",
                            "Dữ liệu nào đã có nhưng chưa được sử dụng?",
                        ]),
                        ("heading", "Con người quan trọng hơn công cụ"),
                        ("paragraph", "Một nguyên nhân thường gặp khiến công cụ mới bị bỏ dở là người sử dụng không được chuẩn bị. Trước khi áp dụng, chủ doanh nghiệp nên giải thích rõ lý do thay đổi, chọn một người phụ trách, dành thời gian cho nhân viên làm quen và chấp nhận rằng giai đoạn đầu có thể chậm hơn cách cũ. Cũng cần xác định dữ liệu nào là tài sản của doanh nghiệp, ai được quyền xem, ai được quyền sửa và cách sao lưu. Sự cam kết của người đứng đầu là yếu tố quyết định để thay đổi được duy trì lâu dài."),
                        ("callout", {"kind": "tip", "text": "Hãy viết bài toán của bạn thành một câu có thể đo được, ví dụ “giảm thời gian chốt sổ cuối tháng”, trước khi tìm hiểu bất kỳ phần mềm nào."}),
                        ("takeaways", [
                            "Chuyển đổi số là thay đổi cách làm việc nhờ dữ liệu, không phải mua nhiều phần mềm.",
                            "Bắt đầu từ một hoặc hai việc tốn thời gian, dễ sai sót nhất.",
                            "Chuẩn bị con người và sự cam kết của người đứng đầu quyết định thành công.",
                        ]),
                    ],
                },
                {
                    "slug": "cong-cu-so-thiet-yeu",
                    "title": "Công cụ số thiết yếu cho quản trị doanh nghiệp",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Nhóm công cụ nền tảng"),
                        ("paragraph", "Có một số công cụ số mà hầu hết doanh nghiệp nhỏ và vừa đều cần. Hóa đơn điện tử là yêu cầu bắt buộc đối với doanh nghiệp theo quy định về thuế, đồng thời giúp tra cứu, lưu trữ thuận tiện hơn hóa đơn giấy. Phần mềm kế toán giúp ghi nhận doanh thu, chi phí và lập báo cáo đúng hạn. Phần mềm bán hàng giúp quản lý đơn hàng, tồn kho và thông tin khách hàng. Khi các công cụ này kết nối với nhau, dữ liệu chỉ cần nhập một lần, giảm sai sót do chép tay từ sổ này sang sổ khác."),
                        ("paragraph", "Bên cạnh đó, các công cụ làm việc cộng tác như thư điện tử theo tên miền của doanh nghiệp, lưu trữ tài liệu trực tuyến, lịch chung và nhóm trao đổi công việc giúp nhân viên phối hợp thuận lợi, kể cả khi không ở cùng một nơi. Khi chọn công cụ, nên ưu tiên giải pháp có nhà cung cấp rõ ràng, có hỗ trợ tiếng Việt, cho phép xuất dữ liệu khi muốn chuyển sang giải pháp khác và có chính sách bảo mật minh bạch. Các gói thuê bao theo tháng thường phù hợp với doanh nghiệp nhỏ vì không đòi hỏi đầu tư lớn ban đầu."),
                        ("list", [
                            "Nhà cung cấp rõ ràng, có hỗ trợ tiếng Việt.",
                            "Xuất được dữ liệu khi cần chuyển đổi.",
                            "Kết nối được với hóa đơn điện tử và kế toán.",
                            "Chính sách bảo mật, bảo vệ dữ liệu minh bạch.",
                        ]),
                        ("heading", "An toàn khi đưa dữ liệu lên môi trường số"),
                        ("paragraph", "Khi dữ liệu kinh doanh được đưa lên môi trường số, rủi ro cũng thay đổi. Doanh nghiệp cần bật xác thực hai lớp cho các tài khoản quan trọng, phân quyền theo vai trò, thu hồi quyền truy cập ngay khi nhân viên nghỉ việc và sao lưu dữ liệu định kỳ. Nếu công cụ lưu thông tin khách hàng như họ và tên, số điện thoại, địa chỉ giao hàng, doanh nghiệp phải tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025: chỉ thu thập dữ liệu cần thiết, dùng đúng mục đích đã thông báo và bảo vệ dữ liệu khỏi truy cập trái phép."),
                        ("callout", {"kind": "warning", "text": "Không dùng chung một tài khoản quản trị cho nhiều người. Khi có sự cố, doanh nghiệp sẽ không biết ai đã thao tác gì."}),
                        ("takeaways", [
                            "Hóa đơn điện tử, kế toán và bán hàng là nhóm công cụ nền tảng, nên được kết nối với nhau.",
                            "Chọn công cụ có nhà cung cấp rõ ràng, xuất được dữ liệu và bảo mật minh bạch.",
                            "Xác thực hai lớp, phân quyền, sao lưu và tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025 là bắt buộc về mặt an toàn.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Mở rộng thị trường và duy trì",
            "lessons": [
                {
                    "slug": "ban-hang-va-thanh-toan-so",
                    "title": "Bán hàng trên nền tảng số và thanh toán không dùng tiền mặt",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Chọn kênh phù hợp"),
                        ("paragraph", "Môi trường số mở ra nhiều kênh tiếp cận khách hàng: trang web riêng, sàn thương mại điện tử, mạng xã hội và ứng dụng nhắn tin. Doanh nghiệp không cần có mặt ở mọi nơi. Hãy bắt đầu từ kênh mà khách hàng mục tiêu đang dùng nhiều nhất và doanh nghiệp đủ sức chăm sóc thường xuyên. Một trang bán hàng được cập nhật đều đặn, trả lời tin nhắn nhanh và mô tả sản phẩm trung thực thường hiệu quả hơn nhiều trang bị bỏ quên. Với sản phẩm đặc trưng của địa phương, câu chuyện về nguồn gốc và quy trình sản xuất là lợi thế đáng khai thác."),
                        ("paragraph", "Thanh toán không dùng tiền mặt như chuyển khoản qua mã QR, thẻ ngân hàng hay ví điện tử giúp giao dịch nhanh, minh bạch và dễ đối soát. Doanh nghiệp nên dùng tài khoản đứng tên doanh nghiệp cho hoạt động kinh doanh, tách biệt với tài khoản cá nhân, để thuận lợi cho kế toán và kê khai thuế. Khi khách chuyển khoản, cần kiểm tra tiền đã thực sự vào tài khoản thay vì chỉ tin vào ảnh chụp màn hình giao dịch, vì ảnh chụp có thể bị làm giả để lừa người bán giao hàng."),
                        ("list", [
                            "Chọn một đến hai kênh phù hợp với khách hàng mục tiêu.",
                            "Dùng tài khoản thanh toán đứng tên doanh nghiệp.",
                            "Xác nhận tiền đã vào tài khoản trước khi giao hàng.",
                            "Công khai giá, chính sách đổi trả và cách liên hệ.",
                        ]),
                        ("heading", "Giữ uy tín trên môi trường số"),
                        ("paragraph", "Uy tín trên môi trường số được xây dựng từ những việc nhỏ: thông tin sản phẩm đúng sự thật, giá niêm yết rõ ràng, chính sách đổi trả công khai và giải quyết khiếu nại của khách hàng đúng hẹn. Doanh nghiệp cũng cần tôn trọng quyền của khách hàng đối với dữ liệu cá nhân, chẳng hạn không gửi tin nhắn quảng cáo khi khách chưa đồng ý và cho phép khách dễ dàng từ chối nhận tin. Một đánh giá tiêu cực được phản hồi lịch sự, kèm giải pháp cụ thể, nhiều khi tạo được thiện cảm hơn cả một lời khen."),
                        ("callout", {"kind": "tip", "text": "Lập sẵn các câu trả lời mẫu cho những câu hỏi khách hàng hay gặp để phản hồi nhanh mà vẫn nhất quán."}),
                        ("self_check", {
                            "question": "Khi khách gửi ảnh chụp màn hình đã chuyển khoản, người bán nên làm gì?",
                            "choices": ["Kiểm tra tiền đã thực sự vào tài khoản rồi mới giao hàng", "Giao hàng ngay vì đã có ảnh chụp", "Yêu cầu khách gửi mã OTP", "Chuyển lại tiền cho khách để kiểm tra"],
                            "correct": 0,
                            "explanation": "Ảnh chụp màn hình có thể bị làm giả; chỉ tin vào số dư thực tế trong tài khoản.",
                        }),
                        ("takeaways", [
                            "Tập trung vào ít kênh nhưng chăm sóc đều đặn.",
                            "Tách tài khoản kinh doanh với tài khoản cá nhân; luôn xác nhận tiền đã vào tài khoản.",
                            "Uy tín đến từ thông tin trung thực, chính sách rõ ràng và tôn trọng dữ liệu của khách hàng.",
                        ]),
                    ],
                },
                {
                    "slug": "lo-trinh-va-do-luong",
                    "title": "Lộ trình chuyển đổi số và đo lường kết quả",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Đi từng bước"),
                        ("paragraph", "Một lộ trình chuyển đổi số vừa sức thường gồm ba giai đoạn. Giai đoạn đầu là số hóa những việc cơ bản: hóa đơn điện tử, kế toán, quản lý bán hàng. Giai đoạn tiếp theo là kết nối các công cụ để dữ liệu đi liền mạch từ đơn hàng đến kho và kế toán, đồng thời mở rộng kênh bán hàng số. Giai đoạn sau là dùng dữ liệu để ra quyết định: sản phẩm nào bán chạy theo mùa, khách hàng nào mua lặp lại, chi phí nào có thể cắt giảm. Mỗi giai đoạn nên có thời hạn và người chịu trách nhiệm rõ ràng."),
                        ("list", [
                            "Số hóa: hóa đơn điện tử, kế toán, bán hàng.",
                            "Kết nối: dữ liệu liền mạch giữa đơn hàng, kho và kế toán.",
                            "Khai thác: dùng dữ liệu để ra quyết định kinh doanh.",
                        ]),
                        ("heading", "Đo lường để điều chỉnh"),
                        ("paragraph", "Muốn biết chuyển đổi số có hiệu quả hay không, doanh nghiệp cần đo trước và sau khi thay đổi. Các chỉ số đơn giản gồm thời gian xử lý một đơn hàng, số sai lệch trong kho mỗi tháng, thời gian lập báo cáo cuối kỳ, tỷ lệ khách hàng quay lại và doanh thu từ kênh trực tuyến. Không cần hệ thống phức tạp; một bảng tính được cập nhật đều đặn là đủ để bắt đầu. Nếu một công cụ sau vài tháng không cải thiện được chỉ số nào, đó là lúc xem lại cách sử dụng hoặc cân nhắc thay thế."),
                        ("paragraph", "Doanh nghiệp không phải tự làm mọi thứ một mình. Các hiệp hội doanh nghiệp, cơ quan nhà nước và tổ chức hỗ trợ thường tổ chức hội thảo, tập huấn và giới thiệu giải pháp phù hợp với doanh nghiệp nhỏ và vừa. Nhiều thủ tục hành chính liên quan đến doanh nghiệp được cung cấp trực tuyến và có thể tra cứu trên Cổng Dịch vụ công quốc gia. Tận dụng các nguồn hỗ trợ này giúp doanh nghiệp giảm chi phí thử sai và nhanh chóng tham gia vào nền kinh tế số của tỉnh."),
                        ("callout", {"kind": "note", "text": "Ghi lại số liệu của doanh nghiệp trước khi áp dụng công cụ mới. Không có điểm xuất phát thì không thể biết mình đã tiến bộ đến đâu."}),
                        ("takeaways", [
                            "Lộ trình ba giai đoạn: số hóa, kết nối, khai thác dữ liệu.",
                            "Đo chỉ số trước và sau khi thay đổi; một bảng tính là đủ để bắt đầu.",
                            "Tận dụng hỗ trợ từ hiệp hội, cơ quan nhà nước và dịch vụ công trực tuyến.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Theo khóa học, điểm bắt đầu hợp lý của chuyển đổi số trong doanh nghiệp nhỏ và vừa là gì?",
            "choices": [
                "Một bài toán kinh doanh cụ thể đang gặp hằng ngày",
                "Mua trọn gói phần mềm đắt nhất",
                "Mở tài khoản trên mọi sàn thương mại điện tử",
                "Thay toàn bộ máy tính trong doanh nghiệp",
            ],
            "correct": [0],
            "feedback": "Chuyển đổi số nên bắt đầu từ việc tốn thời gian, dễ sai sót hoặc gây thiệt hại nhiều nhất.",
        },
        {
            "type": "multiple",
            "text": "Những tiêu chí nào nên ưu tiên khi chọn công cụ số?",
            "choices": [
                "Cho phép xuất dữ liệu khi cần chuyển sang giải pháp khác",
                "Nhà cung cấp rõ ràng, có hỗ trợ tiếng Việt",
                "Dùng chung một tài khoản quản trị cho cả công ty",
                "Chính sách bảo mật minh bạch",
            ],
            "correct": [0, 1, 3],
            "feedback": "Dùng chung tài khoản quản trị là thói quen rủi ro vì không truy vết được ai đã thao tác gì.",
        },
        {
            "type": "truefalse",
            "text": "Ảnh chụp màn hình giao dịch chuyển khoản do khách gửi là đủ để xác nhận doanh nghiệp đã nhận tiền.",
            "correct": False,
            "feedback": "Ảnh chụp có thể bị làm giả; cần kiểm tra tiền đã thực sự vào tài khoản.",
        },
        {
            "type": "short",
            "text": "Điền từ còn thiếu: “Hóa đơn ... là yêu cầu bắt buộc đối với doanh nghiệp theo quy định về thuế.”",
            "answers": ["điện tử"],
            "feedback": "Hóa đơn điện tử vừa là yêu cầu bắt buộc, vừa giúp tra cứu, lưu trữ thuận tiện.",
        },
        {
            "type": "matching",
            "text": "Ghép giai đoạn của lộ trình chuyển đổi số với nội dung chính.",
            "pairs": [
                ["Số hóa", "Hóa đơn điện tử, kế toán, bán hàng"],
                ["Kết nối", "Dữ liệu liền mạch giữa đơn hàng, kho và kế toán"],
                ["Khai thác", "Dùng dữ liệu để ra quyết định kinh doanh"],
            ],
            "feedback": "Mỗi giai đoạn nên có thời hạn và người chịu trách nhiệm rõ ràng.",
        },
        {
            "type": "truefalse",
            "text": "Doanh nghiệp lưu họ và tên, số điện thoại của khách hàng phải tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025.",
            "correct": True,
            "feedback": "Đây là dữ liệu cá nhân; doanh nghiệp chỉ thu thập dữ liệu cần thiết, dùng đúng mục đích và bảo vệ khỏi truy cập trái phép.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 4. infrastructure / officials
# ---------------------------------------------------------------------------
_HA_TANG_SO = {
    "slug": "ha-tang-so-va-du-lieu-do-thi",
    "title": "Hạ tầng số và dữ liệu đô thị",
    "summary": (
        "Khóa học giúp cán bộ, công chức, viên chức hiểu vì sao hạ tầng dữ liệu là hạ tầng thiết yếu của đô thị, "
        "cách kết nối, chia sẻ dữ liệu an toàn và cách dữ liệu hỗ trợ điều hành, giao thông, chiếu sáng."
    ),
    "objectives": [
        "Mô tả được các lớp hạ tầng số và vai trò của hạ tầng dữ liệu",
        "Áp dụng nguyên tắc kết nối, chia sẻ dữ liệu có kiểm soát giữa các cơ quan",
        "Giải thích chức năng và quy trình của trung tâm giám sát, điều hành đô thị thông minh",
        "Đánh giá một đề xuất giải pháp giao thông hoặc chiếu sáng thông minh theo bài toán cụ thể",
    ],
    "track": "infrastructure",
    "audiences": ["official"],
    "level": "intermediate",
    "hours": 5,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Dữ liệu là hạ tầng",
            "lessons": [
                {
                    "slug": "ha-tang-du-lieu-thiet-yeu",
                    "title": "Hạ tầng dữ liệu – hạ tầng thiết yếu của đô thị",
                    "minutes": 25,
                    "free_preview": True,
                    "body": [
                        ("heading", "Ba lớp hạ tầng số"),
                        ("paragraph", "Công văn 171/UBND-KT yêu cầu coi hạ tầng thông tin đô thị, hạ tầng số và đặc biệt là hạ tầng dữ liệu như một hạ tầng thiết yếu, là nền tảng để thông minh hóa các hạ tầng kỹ thuật và hạ tầng kinh tế - xã hội khác. Có thể hình dung ba lớp. Lớp thứ nhất là hạ tầng kết nối: mạng cáp quang, mạng di động, mạng truyền số liệu chuyên dùng của cơ quan nhà nước. Lớp thứ hai là hạ tầng tính toán và lưu trữ như trung tâm dữ liệu, điện toán đám mây. Lớp thứ ba là dữ liệu cùng các quy định để dữ liệu được thu thập, quản lý và sử dụng."),
                        ("image", {
                            "key": "infrastructure-layers",
                            "alt": "Sơ đồ bốn tầng chồng lên nhau. Dưới cùng là lớp kết nối (cáp quang, mạng di động, mạng truyền số liệu chuyên dùng), trên đó là lớp tính toán và lưu trữ, rồi lớp dữ liệu; trên cùng là ứng dụng và dịch vụ đô thị thông minh.",
                            "caption": "Ba lớp hạ tầng số là nền tảng cho các ứng dụng và dịch vụ đô thị thông minh.",
                        }),
                        ("list", [
                            "Dữ liệu quy hoạch, đất đai và công trình xây dựng.",
                            "Dữ liệu hạ tầng kỹ thuật: giao thông, cấp thoát nước, chiếu sáng.",
                            "Dữ liệu tổng hợp về dân cư, y tế, giáo dục.",
                            "Dữ liệu môi trường: chất lượng không khí, mực nước, rác thải.",
                        ]),
                        ("paragraph", "Điểm khác biệt của dữ liệu so với đường sá hay đường ống là dữ liệu có thể được dùng lại nhiều lần, bởi nhiều cơ quan, cho nhiều mục đích mà không bị hao mòn. Một bản đồ hiện trạng hạ tầng được cập nhật tốt có thể phục vụ cùng lúc việc cấp phép xây dựng, lập kế hoạch duy tu đường, ứng phó ngập úng và quy hoạch trường học. Ngược lại, nếu mỗi cơ quan tự thu thập một phiên bản riêng, dữ liệu sẽ mâu thuẫn nhau, tốn kém và người dân bị hỏi đi hỏi lại cùng một thông tin."),
                        ("heading", "Dữ liệu cũng cần được “duy tu”"),
                        ("paragraph", "Giống như đường sá cần duy tu, dữ liệu cần được cập nhật, kiểm tra và bảo vệ thường xuyên. Mỗi bộ dữ liệu nên có cơ quan chủ quản rõ ràng, quy định về tần suất cập nhật, phần mô tả nội dung và điều kiện chia sẻ. Trong chính quyền địa phương hai cấp, UBND xã, phường thường là nơi phát hiện thay đổi sớm nhất trên thực địa, còn các sở, ngành tỉnh chịu trách nhiệm tổng hợp, chuẩn hóa. Sự phối hợp giữa hai cấp quyết định dữ liệu đô thị có phản ánh đúng thực tế hay không."),
                        ("callout", {"kind": "note", "text": "Dữ liệu không được cập nhật có thể gây hại hơn không có dữ liệu, vì người dùng tin vào thông tin đã lỗi thời. Hãy luôn ghi ngày cập nhật kèm mỗi bộ dữ liệu."}),
                        ("takeaways", [
                            "Hạ tầng số gồm ba lớp: kết nối, tính toán và lưu trữ, dữ liệu.",
                            "Dữ liệu dùng lại được nhiều lần nên cần một phiên bản chung, tránh mỗi nơi một bản.",
                            "Mỗi bộ dữ liệu cần có chủ quản, tần suất cập nhật và điều kiện chia sẻ rõ ràng.",
                        ]),
                    ],
                },
                {
                    "slug": "ket-noi-chia-se-du-lieu",
                    "title": "Kết nối, chia sẻ dữ liệu giữa các cơ quan",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Vì sao phải chia sẻ"),
                        ("paragraph", "Người dân và doanh nghiệp không quan tâm dữ liệu của mình nằm ở cơ quan nào; họ chỉ mong không phải khai đi khai lại. Chia sẻ dữ liệu giữa các cơ quan nhà nước vì vậy là điều kiện để cải cách thủ tục hành chính và cung cấp dịch vụ liền mạch. Khi hệ thống giải quyết thủ tục hành chính khai thác được thông tin từ cơ sở dữ liệu quốc gia về dân cư hoặc cơ sở dữ liệu chuyên ngành, người dân không phải nộp bản sao giấy tờ, còn cán bộ giảm được thời gian nhập liệu và đối chiếu."),
                        ("paragraph", "Để chia sẻ được, dữ liệu cần tuân theo cấu trúc thống nhất, dùng chung các danh mục như mã đơn vị hành chính và được trao đổi qua nền tảng tích hợp, chia sẻ dữ liệu thay vì gửi tệp qua thư điện tử hay thiết bị lưu trữ di động. Sau khi sắp xếp đơn vị hành chính từ ngày 01/7/2025, danh mục xã, phường và địa chỉ đã thay đổi đáng kể, nên việc cập nhật danh mục dùng chung trong mọi hệ thống là việc phải làm sớm để tránh sai lệch khi tổng hợp, báo cáo."),
                        ("list", [
                            "Dùng chung danh mục, mã đơn vị hành chính mới nhất.",
                            "Trao đổi qua nền tảng tích hợp, chia sẻ dữ liệu.",
                            "Xác định rõ mục đích, phạm vi và cơ quan được khai thác.",
                            "Ghi nhật ký truy cập để truy vết khi cần.",
                        ]),
                        ("heading", "Chia sẻ có kiểm soát"),
                        ("paragraph", "Chia sẻ không có nghĩa là ai cũng xem được mọi thứ. Mỗi luồng chia sẻ cần xác định rõ mục đích, loại dữ liệu, cơ quan được khai thác và biện pháp bảo vệ. Với dữ liệu cá nhân, việc chia sẻ phải tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025 và giới hạn ở phạm vi cần thiết cho nhiệm vụ. Dữ liệu tổng hợp, đã khử nhận dạng, như số lượt phương tiện qua một nút giao hay điện năng tiêu thụ của hệ thống chiếu sáng, có thể được cân nhắc công bố dưới dạng dữ liệu mở để doanh nghiệp và nhà nghiên cứu khai thác."),
                        ("callout", {"kind": "warning", "text": "Không gửi tệp chứa dữ liệu cá nhân qua ứng dụng nhắn tin, thư điện tử cá nhân hoặc thiết bị USB không được quản lý."}),
                        ("self_check", {
                            "question": "Vì sao cần cập nhật danh mục đơn vị hành chính trong mọi hệ thống sau ngày 01/7/2025?",
                            "choices": ["Để tránh sai lệch khi tổng hợp, báo cáo vì danh mục xã, phường đã thay đổi", "Để tăng dung lượng lưu trữ", "Để thay thế tài khoản VNeID", "Vì các hệ thống không còn dùng mã đơn vị hành chính"],
                            "correct": 0,
                            "explanation": "Sắp xếp đơn vị hành chính làm thay đổi danh mục xã, phường; dùng danh mục cũ sẽ khiến số liệu tổng hợp sai.",
                        }),
                        ("takeaways", [
                            "Chia sẻ dữ liệu giúp người dân không phải khai lại thông tin cơ quan nhà nước đã có.",
                            "Dữ liệu cần cấu trúc thống nhất, danh mục dùng chung và được trao đổi qua nền tảng tích hợp.",
                            "Chia sẻ phải có kiểm soát; dữ liệu cá nhân được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân 2025.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Vận hành đô thị dựa trên dữ liệu",
            "lessons": [
                {
                    "slug": "trung-tam-giam-sat-dieu-hanh",
                    "title": "Trung tâm giám sát, điều hành đô thị thông minh",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Chức năng của trung tâm điều hành"),
                        ("paragraph", "Nhiều địa phương đã xây dựng trung tâm giám sát, điều hành đô thị thông minh, thường gọi tắt là IOC. Đây là nơi tập hợp dữ liệu từ nhiều lĩnh vực như phản ánh hiện trường của người dân, tình hình giải quyết thủ tục hành chính, camera giao thông, quan trắc môi trường, y tế, giáo dục, để lãnh đạo và các cơ quan chuyên môn theo dõi, phát hiện vấn đề và phối hợp xử lý. Trung tâm không thay thế các sở, ngành hay UBND xã, phường; giá trị của nó nằm ở khả năng kết nối thông tin và rút ngắn thời gian phản ứng."),
                        ("paragraph", "Một quy trình xử lý điển hình gồm năm bước: tiếp nhận thông tin từ cảm biến, hệ thống nghiệp vụ hoặc phản ánh của người dân; phân loại và chuyển đến đơn vị có trách nhiệm; đơn vị xử lý và cập nhật kết quả; trung tâm theo dõi thời hạn; công khai kết quả cho người phản ánh. Nếu thiếu một mắt xích, chẳng hạn phản ánh được chuyển đi nhưng không ai cập nhật kết quả, người dân sẽ mất niềm tin và kênh tương tác sẽ dần bị bỏ quên."),
                        ("list", [
                            "Tiếp nhận thông tin.",
                            "Phân loại, chuyển đơn vị có trách nhiệm.",
                            "Xử lý và cập nhật kết quả.",
                            "Theo dõi thời hạn.",
                            "Công khai kết quả cho người phản ánh.",
                        ]),
                        ("heading", "Từ màn hình đến quyết định"),
                        ("paragraph", "Màn hình lớn với nhiều biểu đồ chưa tạo nên một trung tâm điều hành hiệu quả. Điều quan trọng là dữ liệu đầu vào đúng và kịp thời, có quy chế phối hợp rõ ràng, có người trực và có ngưỡng cảnh báo gắn với hành động cụ thể. Ví dụ, khi mực nước tại một điểm vượt ngưỡng, ai nhận cảnh báo, ai ra hiện trường, ai thông báo cho người dân? Những câu hỏi này cần được trả lời bằng quy trình trước khi đầu tư thêm thiết bị. Báo cáo từ trung tâm cũng nên được dùng để đánh giá, cải tiến chính sách, không chỉ để trình chiếu."),
                        ("callout", {"kind": "tip", "text": "Với mỗi chỉ số hiển thị trên màn hình điều hành, hãy ghi rõ: nguồn dữ liệu, tần suất cập nhật, ngưỡng cảnh báo và đơn vị phải hành động."}),
                        ("scorm", {"key": "ca-truc-ioc", "title": "Tình huống tương tác: một ca trực tại trung tâm IOC"}),
                        ("takeaways", [
                            "Trung tâm điều hành kết nối thông tin và rút ngắn thời gian phản ứng, không thay thế các cơ quan chuyên môn.",
                            "Quy trình xử lý chỉ hiệu quả khi đủ năm mắt xích, đặc biệt là cập nhật và công khai kết quả.",
                            "Quy chế phối hợp và ngưỡng cảnh báo gắn với hành động quan trọng hơn thiết bị.",
                        ]),
                    ],
                },
                {
                    "slug": "giao-thong-va-chieu-sang-thong-minh",
                    "title": "Giao thông và chiếu sáng thông minh",
                    "minutes": 30,
                    "free_preview": False,
                    "body": [
                        ("heading", "Giao thông thông minh"),
                        ("paragraph", "Giao thông là lĩnh vực mà người dân cảm nhận hằng ngày. Các giải pháp giao thông thông minh thường gặp gồm camera giám sát tại nút giao, đèn tín hiệu điều khiển thích ứng theo lưu lượng, hệ thống hướng dẫn chỗ đỗ xe, thông tin xe buýt theo thời gian thực và ứng dụng phản ánh hư hỏng mặt đường. Dữ liệu từ các hệ thống này giúp cơ quan quản lý biết điểm nào thường xuyên ùn tắc, khung giờ nào cao điểm, đoạn đường nào hay xảy ra va chạm, từ đó có biện pháp tổ chức giao thông phù hợp."),
                        ("paragraph", "Tuy nhiên, công nghệ chỉ phát huy khi gắn với bài toán cụ thể. Trước khi lắp đặt camera hay đèn tín hiệu thích ứng, cần xác định mục tiêu đo được, chẳng hạn giảm thời gian chờ tại một nút giao hay giảm va chạm trên một đoạn đường. Camera ghi hình nơi công cộng thu thập cả hình ảnh con người và biển số xe, nên phải có quy định rõ về mục đích sử dụng, thời gian lưu trữ, người được truy cập và biện pháp bảo vệ dữ liệu theo Luật Bảo vệ dữ liệu cá nhân 2025."),
                        ("heading", "Chiếu sáng công cộng thông minh"),
                        ("paragraph", "Hệ thống chiếu sáng công cộng thông minh thường dùng đèn LED kết hợp bộ điều khiển từ xa, cho phép bật, tắt và điều chỉnh độ sáng theo khung giờ hoặc theo mật độ người và phương tiện. Hệ thống có thể tự báo khi một bóng đèn hỏng, giúp đơn vị vận hành sửa chữa kịp thời thay vì chờ người dân phản ánh. Lợi ích gồm tiết kiệm điện năng, giảm chi phí bảo trì và tăng an toàn về đêm. Cột đèn còn có thể là vị trí gắn cảm biến môi trường hoặc thiết bị viễn thông, nên cần quy hoạch để dùng chung hạ tầng, tránh mỗi ngành dựng một hệ thống cột riêng."),
                        ("list", [
                            "Xác định vấn đề và chỉ số cần cải thiện.",
                            "Thí điểm ở quy mô nhỏ, đo trước và sau khi triển khai.",
                            "Bảo đảm kinh phí và đơn vị vận hành lâu dài.",
                            "Nhân rộng khi đã chứng minh được hiệu quả.",
                        ]),
                        ("callout", {"kind": "note", "text": "Danh sách trên là trình tự nên áp dụng cho mọi đề xuất giải pháp giao thông hoặc chiếu sáng thông minh, từ cấp tỉnh đến UBND xã, phường."}),
                        ("takeaways", [
                            "Giải pháp giao thông thông minh phải gắn với mục tiêu đo được tại từng điểm cụ thể.",
                            "Camera nơi công cộng thu thập dữ liệu cá nhân nên cần quy định rõ về mục đích, lưu trữ và truy cập.",
                            "Chiếu sáng thông minh tiết kiệm điện, giảm chi phí bảo trì và nên dùng chung hạ tầng cột.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Lớp nào sau đây thuộc hạ tầng số theo cách phân chia trong bài học?",
            "choices": [
                "Hạ tầng kết nối như mạng cáp quang, mạng di động",
                "Hệ thống cây xanh đô thị",
                "Mạng lưới chợ truyền thống",
                "Hệ thống biển báo giao thông bằng tôn",
            ],
            "correct": [0],
            "feedback": "Ba lớp gồm: hạ tầng kết nối; hạ tầng tính toán và lưu trữ; dữ liệu cùng các quy định quản lý.",
        },
        {
            "type": "multiple",
            "text": "Những nguyên tắc nào áp dụng cho chia sẻ dữ liệu có kiểm soát?",
            "choices": [
                "Xác định rõ mục đích và loại dữ liệu được chia sẻ",
                "Gửi tệp dữ liệu cá nhân qua ứng dụng nhắn tin cho nhanh",
                "Dùng chung danh mục mã đơn vị hành chính mới nhất",
                "Ghi nhật ký truy cập",
            ],
            "correct": [0, 2, 3],
            "feedback": "Không gửi dữ liệu cá nhân qua kênh không được quản lý; chia sẻ phải qua nền tảng tích hợp và có kiểm soát.",
        },
        {
            "type": "truefalse",
            "text": "Trung tâm giám sát, điều hành đô thị thông minh thay thế vai trò xử lý của các sở, ngành và UBND xã, phường.",
            "correct": False,
            "feedback": "Trung tâm kết nối thông tin và rút ngắn thời gian phản ứng; việc xử lý vẫn do các đơn vị có trách nhiệm thực hiện.",
        },
        {
            "type": "short",
            "text": "Trung tâm giám sát, điều hành đô thị thông minh thường được gọi tắt bằng ba chữ cái nào?",
            "answers": ["IOC", "ioc"],
            "feedback": "Trung tâm thường được gọi tắt là IOC.",
        },
        {
            "type": "matching",
            "text": "Ghép giải pháp với lợi ích tiêu biểu.",
            "pairs": [
                ["Đèn tín hiệu điều khiển thích ứng", "Giảm thời gian chờ tại nút giao"],
                ["Chiếu sáng LED điều khiển từ xa", "Tiết kiệm điện năng, phát hiện đèn hỏng"],
                ["Nền tảng tích hợp, chia sẻ dữ liệu", "Người dân không phải khai lại thông tin"],
                ["Ngưỡng cảnh báo gắn với hành động", "Rút ngắn thời gian phản ứng khi có sự cố"],
            ],
            "feedback": "Mỗi giải pháp chỉ phát huy khi gắn với bài toán và quy trình vận hành cụ thể.",
        },
        {
            "type": "single",
            "text": "Bước nào nên thực hiện đầu tiên khi xem xét một đề xuất giải pháp giao thông thông minh?",
            "choices": [
                "Xác định vấn đề và chỉ số cần cải thiện",
                "Mua thiết bị với số lượng lớn để được giá tốt",
                "Nhân rộng ngay ra toàn tỉnh",
                "Lắp màn hình lớn tại phòng họp",
            ],
            "correct": [0],
            "feedback": "Trình tự nên là: xác định vấn đề, thí điểm có đo lường, bảo đảm vận hành, rồi mới nhân rộng.",
        },
        {
            "type": "truefalse",
            "text": "Dữ liệu tổng hợp đã khử nhận dạng có thể được cân nhắc công bố dưới dạng dữ liệu mở.",
            "correct": True,
            "feedback": "Ví dụ số lượt phương tiện qua nút giao hay điện năng tiêu thụ của hệ thống chiếu sáng.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 5. community / citizens, officials
# ---------------------------------------------------------------------------
_GOP_Y_QUY_HOACH = {
    "slug": "nguoi-dan-gop-y-quy-hoach",
    "title": "Người dân tham gia góp ý quy hoạch",
    "summary": (
        "Khóa học giúp người dân hiểu vì sao cần tham gia quy hoạch ngay từ đầu, biết các kênh góp ý chính thức "
        "và cách góp ý cụ thể, có căn cứ; đồng thời giúp cán bộ tổ chức lấy ý kiến hiệu quả hơn."
    ),
    "objectives": [
        "Giải thích được vì sao người dân cần tham gia quy hoạch ngay từ đầu",
        "Nhận biết các kênh góp ý trực tiếp và trực tuyến chính thức",
        "Trình bày ý kiến góp ý cụ thể, có căn cứ và đề xuất giải pháp",
        "Theo dõi việc tiếp thu, giải trình và giám sát thực hiện quy hoạch",
    ],
    "track": "community",
    "audiences": ["citizen", "official"],
    "level": "basic",
    "hours": 2,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Tham gia góp ý quy hoạch",
            "lessons": [
                {
                    "slug": "vi-sao-nguoi-dan-can-tham-gia",
                    "title": "Vì sao người dân cần tham gia từ đầu?",
                    "minutes": 15,
                    "free_preview": True,
                    "body": [
                        ("heading", "Quy hoạch ảnh hưởng tới mọi nhà"),
                        ("paragraph", "Quy hoạch đô thị quyết định nơi nào làm đường, nơi nào xây trường học, khu nào dành cho nhà ở, khu nào cho sản xuất hay cây xanh. Những quyết định này ảnh hưởng trực tiếp đến cuộc sống của người dân trong nhiều năm. Vì vậy, Công văn 171/UBND-KT của UBND tỉnh Tây Ninh nhấn mạnh người dân phải tham gia ngay từ đầu trong quá trình quy hoạch, thiết kế, xây dựng đề án đô thị thông minh bền vững, và thứ tự ưu tiên phải hướng đến phục vụ dựa trên nhu cầu người dân."),
                        ("paragraph", "Người dân là người hiểu rõ nhất khu phố, ấp của mình: đoạn đường nào hay ngập khi mưa lớn, ngã ba nào thiếu đèn chiếu sáng, trẻ em đi học phải băng qua đâu, chợ nào quá tải vào sáng sớm. Những hiểu biết này khó có được nếu chỉ dựa vào bản đồ và số liệu. Khi ý kiến được lắng nghe từ sớm, phương án quy hoạch sát thực tế hơn, giảm tranh chấp và những lần điều chỉnh tốn kém về sau. Người dân cũng hiểu và đồng thuận hơn với các dự án được triển khai tại địa phương."),
                        ("heading", "Quyền và trách nhiệm"),
                        ("paragraph", "Pháp luật về quy hoạch quy định việc lấy ý kiến cơ quan, tổ chức và cộng đồng dân cư có liên quan trong quá trình lập quy hoạch. Quy hoạch sau khi được phê duyệt phải được công bố công khai để người dân biết, theo dõi và thực hiện. Bên cạnh quyền được biết và được góp ý, người dân cũng có trách nhiệm tìm hiểu thông tin từ nguồn chính thức, góp ý trung thực, mang tính xây dựng và tôn trọng quyết định cuối cùng của cơ quan có thẩm quyền."),
                        ("list", [
                            "Vị trí các công trình công cộng: trường học, chợ, trạm y tế, công viên.",
                            "Tuyến đường, lối đi bộ, điểm dừng xe buýt.",
                            "Khu vực thường ngập, thiếu chiếu sáng, thiếu cây xanh.",
                            "Nhu cầu của người cao tuổi, người khuyết tật và trẻ em.",
                        ]),
                        ("callout", {"kind": "warning", "text": "Thông tin quy hoạch chính thức do cơ quan nhà nước có thẩm quyền công bố. Hãy cảnh giác với tin đồn “sắp quy hoạch” lan truyền trên mạng xã hội nhằm thổi giá đất."}),
                        ("takeaways", [
                            "Công văn 171/UBND-KT yêu cầu người dân được tham gia ngay từ đầu.",
                            "Hiểu biết thực tế của người dân giúp quy hoạch sát thực tế và giảm điều chỉnh về sau.",
                            "Người dân có quyền được biết, được góp ý và có trách nhiệm góp ý xây dựng, dựa trên nguồn chính thức.",
                        ]),
                    ],
                },
                {
                    "slug": "cac-kenh-gop-y",
                    "title": "Các kênh tiếp nhận ý kiến góp ý",
                    "minutes": 15,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các kênh trực tiếp"),
                        ("paragraph", "Khi lấy ý kiến về một đồ án quy hoạch, cơ quan tổ chức lập quy hoạch thường phối hợp với UBND xã, phường để niêm yết hồ sơ, bản vẽ tại trụ sở, nhà văn hóa khu phố, ấp; tổ chức hội nghị, buổi đối thoại hoặc phát phiếu lấy ý kiến. Đây là dịp người dân được nghe giải thích trực tiếp, đặt câu hỏi và đề nghị ghi ý kiến vào biên bản. Mặt trận Tổ quốc và các đoàn thể ở cơ sở cũng là cầu nối quan trọng để tập hợp ý kiến của hội viên, đoàn viên và phản ánh đến cơ quan có thẩm quyền."),
                        ("heading", "Các kênh trực tuyến"),
                        ("paragraph", "Bên cạnh các kênh trực tiếp, thông tin quy hoạch và các dự thảo cần lấy ý kiến ngày càng được đăng tải trên trang thông tin điện tử của cơ quan nhà nước, kèm hình thức gửi góp ý trực tuyến. Các nền tảng phản ánh hiện trường cho phép người dân gửi ảnh, vị trí và mô tả sự việc như vỉa hè bị lấn chiếm, cống bị tắc hay đèn đường hỏng. Những phản ánh này vừa được xử lý, vừa trở thành dữ liệu giúp cơ quan quy hoạch nhận diện các vấn đề lặp lại ở từng khu vực."),
                        ("list", [
                            "Hồ sơ niêm yết tại UBND xã, phường và nhà văn hóa khu phố, ấp.",
                            "Hội nghị, đối thoại, phiếu lấy ý kiến.",
                            "Mặt trận Tổ quốc và các đoàn thể ở cơ sở.",
                            "Trang thông tin điện tử có tên miền .gov.vn và nền tảng phản ánh hiện trường.",
                        ]),
                        ("paragraph", "Dù chọn kênh nào, người dân nên chú ý thời hạn lấy ý kiến được thông báo, vì ý kiến gửi sau thời hạn có thể không kịp tổng hợp. Khi góp ý trực tuyến, chỉ dùng trang có tên miền .gov.vn và không cung cấp thông tin cá nhân vượt quá những gì biểu mẫu yêu cầu. Về phía cán bộ, công chức phụ trách, cần tổng hợp, giải trình các ý kiến được tiếp thu hoặc chưa tiếp thu theo quy định, để người dân thấy tiếng nói của mình được ghi nhận và tiếp tục tham gia ở những lần sau."),
                        ("callout", {"kind": "tip", "text": "Cán bộ tổ chức lấy ý kiến nên chuẩn bị bản vẽ khổ lớn, dễ đọc, kèm tóm tắt bằng lời lẽ đơn giản; người không chuyên cũng cần hiểu được quy hoạch."}),
                        ("takeaways", [
                            "Kênh trực tiếp: niêm yết, hội nghị, đối thoại, phiếu ý kiến, Mặt trận Tổ quốc và đoàn thể.",
                            "Kênh trực tuyến: trang thông tin điện tử của cơ quan nhà nước và nền tảng phản ánh hiện trường.",
                            "Chú ý thời hạn góp ý; cơ quan tổ chức lấy ý kiến cần giải trình việc tiếp thu.",
                        ]),
                    ],
                },
                {
                    "slug": "gop-y-hieu-qua",
                    "title": "Góp ý thế nào cho hiệu quả",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Một ý kiến góp ý tốt"),
                        ("paragraph", "Ý kiến góp ý có giá trị nhất khi cụ thể, có căn cứ và đề xuất được giải pháp. Thay vì chỉ nói “quy hoạch chưa hợp lý”, người dân có thể chỉ rõ vị trí trên bản vẽ, mô tả hiện trạng thực tế, nêu ảnh hưởng và đề xuất điều chỉnh, chẳng hạn bố trí thêm lối đi bộ qua đường gần trường học hoặc giữ lại một khoảng cây xanh hiện có. Ảnh chụp hiện trạng, thời điểm thường xảy ra ngập úng hay ùn tắc là những thông tin giúp cơ quan lập quy hoạch kiểm chứng nhanh."),
                        ("list", [
                            "Vị trí: khu vực, tuyến đường, ô đất trên bản vẽ.",
                            "Hiện trạng: điều đang xảy ra, kèm ảnh nếu có.",
                            "Ảnh hưởng: ai bị ảnh hưởng và như thế nào.",
                            "Đề xuất: giải pháp cụ thể mong muốn.",
                        ]),
                        ("paragraph", "Góp ý quy hoạch là hoạt động vì lợi ích chung. Mỗi người có quyền bảo vệ lợi ích chính đáng của gia đình mình, nhưng cũng cần lắng nghe hàng xóm và các nhóm có nhu cầu khác như người cao tuổi, người khuyết tật, trẻ em hay người lao động từ nơi khác đến. Khi nhiều người cùng quan tâm một vấn đề, nên trao đổi trong khu phố, ấp để thống nhất những điểm chung, giúp ý kiến có sức nặng hơn và cơ quan tiếp nhận dễ tổng hợp."),
                        ("heading", "Theo dõi sau khi góp ý"),
                        ("paragraph", "Sau khi gửi ý kiến, người dân có thể theo dõi báo cáo tiếp thu, giải trình hoặc kết quả phê duyệt được công bố. Không phải ý kiến nào cũng được tiếp thu, vì cơ quan có thẩm quyền phải cân nhắc nhiều lợi ích và yêu cầu kỹ thuật; tuy vậy, được biết lý do là điều chính đáng. Khi quy hoạch đã được phê duyệt, người dân tiếp tục đóng vai trò giám sát quá trình thực hiện, phản ánh kịp thời những công trình xây dựng sai quy hoạch qua các kênh chính thức."),
                        ("self_check", {
                            "question": "Ý kiến góp ý nào sau đây hữu ích nhất cho cơ quan lập quy hoạch?",
                            "choices": [
                                "Đề nghị bố trí lối đi bộ qua đường trước cổng trường, kèm ảnh giờ tan học",
                                "Quy hoạch chưa hợp lý",
                                "Tôi không đồng ý với mọi thay đổi",
                                "Nên hỏi ý kiến người khác",
                            ],
                            "correct": 0,
                            "explanation": "Ý kiến tốt nêu vị trí, hiện trạng, ảnh hưởng và đề xuất cụ thể, có căn cứ kiểm chứng.",
                        }),
                        ("takeaways", [
                            "Góp ý hiệu quả gồm bốn phần: vị trí, hiện trạng, ảnh hưởng, đề xuất.",
                            "Lắng nghe các nhóm khác và thống nhất ý kiến chung trong khu phố, ấp.",
                            "Theo dõi việc tiếp thu và tiếp tục giám sát khi quy hoạch được thực hiện.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "truefalse",
            "text": "Công văn 171/UBND-KT yêu cầu người dân tham gia ngay từ đầu trong quá trình quy hoạch, thiết kế, xây dựng đề án đô thị thông minh.",
            "correct": True,
            "feedback": "Đây là nguyên tắc được Công văn nêu rõ, gắn với việc ưu tiên phục vụ dựa trên nhu cầu người dân.",
        },
        {
            "type": "multiple",
            "text": "Những kênh nào là kênh góp ý quy hoạch chính thức được nêu trong bài học?",
            "choices": [
                "Hồ sơ niêm yết tại UBND xã, phường",
                "Hội nghị, đối thoại do cơ quan nhà nước tổ chức",
                "Nhóm mạng xã hội lan truyền tin “sắp quy hoạch”",
                "Trang thông tin điện tử có tên miền .gov.vn",
            ],
            "correct": [0, 1, 3],
            "feedback": "Tin đồn trên mạng xã hội không phải nguồn chính thức và có thể nhằm thổi giá đất.",
        },
        {
            "type": "matching",
            "text": "Ghép phần của một ý kiến góp ý với ví dụ tương ứng.",
            "pairs": [
                ["Vị trí", "Ngã ba trước cổng trường trên bản vẽ"],
                ["Hiện trạng", "Học sinh băng qua đường đông xe giờ tan học"],
                ["Ảnh hưởng", "Nguy cơ mất an toàn cho trẻ em"],
                ["Đề xuất", "Bố trí lối đi bộ qua đường"],
            ],
            "feedback": "Đủ bốn phần giúp cơ quan lập quy hoạch hiểu và kiểm chứng ý kiến nhanh chóng.",
        },
        {
            "type": "single",
            "text": "Khi góp ý trực tuyến, người dân nên dùng trang nào?",
            "choices": [
                "Trang thông tin điện tử của cơ quan nhà nước có tên miền .gov.vn",
                "Bất kỳ trang nào có hình ảnh bản đồ quy hoạch",
                "Trang cá nhân của người môi giới bất động sản",
                "Đường liên kết nhận qua tin nhắn lạ",
            ],
            "correct": [0],
            "feedback": "Chỉ góp ý qua kênh chính thức và không cung cấp thông tin cá nhân quá mức biểu mẫu yêu cầu.",
        },
        {
            "type": "short",
            "text": "Tên miền của trang thông tin điện tử cơ quan nhà nước mà người dân nên kiểm tra khi góp ý trực tuyến?",
            "answers": [".gov.vn", "gov.vn"],
            "feedback": "Trang của cơ quan nhà nước có tên miền .gov.vn.",
        },
        {
            "type": "truefalse",
            "text": "Sau khi quy hoạch được phê duyệt, vai trò của người dân kết thúc.",
            "correct": False,
            "feedback": "Người dân tiếp tục giám sát việc thực hiện và phản ánh công trình sai quy hoạch qua kênh chính thức.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 6. construction / officials, businesses
# ---------------------------------------------------------------------------
_CAP_PHEP_XAY_DUNG = {
    "slug": "quan-ly-cap-phep-xay-dung-truc-tuyen",
    "title": "Quản lý cấp phép xây dựng trực tuyến",
    "summary": (
        "Khóa học dành cho cán bộ quản lý xây dựng và doanh nghiệp tư vấn, xây dựng về quy trình cấp giấy phép "
        "xây dựng trên môi trường số, dữ liệu quy hoạch phục vụ cấp phép và kiểm tra trật tự xây dựng có hỗ trợ công nghệ."
    ),
    "objectives": [
        "Giải thích vai trò của công cụ số trong quản lý xây dựng và phát triển đô thị",
        "Thực hiện đúng các bước của quy trình cấp giấy phép xây dựng trực tuyến",
        "Sử dụng và quản lý dữ liệu quy hoạch, hồ sơ số phục vụ cấp phép",
        "Ứng dụng công nghệ trong kiểm tra trật tự xây dựng bảo đảm đúng quy trình pháp lý",
    ],
    "track": "construction",
    "audiences": ["official", "business"],
    "level": "intermediate",
    "hours": 4,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Cấp phép xây dựng trên môi trường số",
            "lessons": [
                {
                    "slug": "quan-ly-xay-dung-trong-do-thi-thong-minh",
                    "title": "Quản lý xây dựng trong đô thị thông minh",
                    "minutes": 20,
                    "free_preview": True,
                    "body": [
                        ("heading", "Mục tiêu của quản lý xây dựng"),
                        ("paragraph", "Quản lý xây dựng và phát triển đô thị là một trong sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT. Mục tiêu của nhóm nhiệm vụ này là bảo đảm công trình được xây dựng đúng quy hoạch, an toàn, đồng bộ với hạ tầng, đồng thời tạo thuận lợi tối đa cho người dân và doanh nghiệp khi đầu tư xây dựng. Trong đô thị thông minh, công cụ số giúp đạt được cả hai mục tiêu: thủ tục nhanh, minh bạch hơn và công tác kiểm tra, giám sát chặt chẽ hơn."),
                        ("paragraph", "Ở cách làm truyền thống, thông tin về quy hoạch, giấy phép và hiện trạng công trình thường nằm rải rác trong hồ sơ giấy ở nhiều nơi. Người xin phép khó biết trước lô đất của mình được xây tối đa bao nhiêu tầng, phải lùi bao nhiêu mét; cán bộ thẩm định mất thời gian tra cứu; cán bộ kiểm tra ngoài thực địa không có ngay thông tin giấy phép để đối chiếu. Khi các thông tin này được số hóa và liên kết theo vị trí, mỗi bên đều làm việc trên cùng một nguồn dữ liệu."),
                        ("heading", "Thẩm quyền trong chính quyền hai cấp"),
                        ("paragraph", "Từ ngày 01/7/2025, khi cấp huyện không còn, thẩm quyền cấp giấy phép xây dựng được phân định lại giữa cơ quan cấp tỉnh và UBND xã, phường theo quy định hiện hành. Cán bộ, công chức cần nắm chắc thẩm quyền của cơ quan mình; doanh nghiệp và người dân cần tra cứu đúng thủ tục, đúng cơ quan thực hiện trên Cổng Dịch vụ công quốc gia hoặc hỏi bộ phận tiếp nhận hồ sơ trước khi nộp. Nộp sai nơi làm mất thời gian của cả người nộp lẫn cơ quan tiếp nhận."),
                        ("list", [
                            "Thủ tục nhanh hơn, tra cứu được tiến độ.",
                            "Thông tin quy hoạch minh bạch, biết trước điều kiện xây dựng.",
                            "Thẩm định nhất quán trên cùng nguồn dữ liệu.",
                            "Kiểm tra thực địa có ngay giấy phép để đối chiếu.",
                        ]),
                        ("callout", {"kind": "note", "text": "Một số công trình được miễn giấy phép xây dựng theo pháp luật về xây dựng, nhưng vẫn phải tuân thủ quy hoạch và quy chuẩn kỹ thuật. Hãy kiểm tra kỹ trước khi khởi công."}),
                        ("takeaways", [
                            "Quản lý xây dựng là một trong sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT.",
                            "Số hóa và liên kết dữ liệu theo vị trí giúp mọi bên làm việc trên cùng một nguồn.",
                            "Thẩm quyền cấp phép được phân định giữa cấp tỉnh và UBND xã, phường; cần tra cứu đúng cơ quan trước khi nộp.",
                        ]),
                    ],
                },
                {
                    "slug": "quy-trinh-cap-phep-truc-tuyen",
                    "title": "Quy trình cấp giấy phép xây dựng trên môi trường số",
                    "minutes": 30,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các bước chính"),
                        ("paragraph", "Quy trình cấp giấy phép xây dựng trên môi trường số về cơ bản vẫn tuân theo các bước của thủ tục hành chính, nhưng mỗi bước được thực hiện và ghi nhận trên hệ thống. Chủ đầu tư đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử, chọn đúng thủ tục, khai đơn đề nghị và đính kèm bản điện tử của giấy tờ về quyền sử dụng đất, bản vẽ thiết kế cùng các tài liệu khác theo danh mục hồ sơ. Hồ sơ được chuyển đến cơ quan có thẩm quyền để kiểm tra tính hợp lệ và thẩm định."),
                        ("list", [
                            "Tra cứu thông tin quy hoạch và điều kiện cấp phép.",
                            "Nộp hồ sơ trực tuyến, nhận mã hồ sơ.",
                            "Cơ quan tiếp nhận kiểm tra thành phần hồ sơ.",
                            "Thẩm định, kiểm tra thực địa khi cần.",
                            "Trả kết quả và công khai thông tin giấy phép.",
                        ]),
                        ("paragraph", "Ở phía cơ quan nhà nước, cán bộ tiếp nhận kiểm tra thành phần hồ sơ; nếu chưa đầy đủ, hướng dẫn bổ sung một lần bằng thông báo trên hệ thống, nêu rõ nội dung cần bổ sung. Cán bộ thẩm định đối chiếu hồ sơ với quy hoạch, chỉ giới xây dựng, quy chuẩn kỹ thuật và tổ chức kiểm tra thực địa khi cần. Toàn bộ quá trình được lưu vết, giúp lãnh đạo theo dõi thời hạn giải quyết và người nộp biết hồ sơ của mình đang ở bước nào."),
                        ("heading", "Kết quả và công khai"),
                        ("paragraph", "Giấy phép xây dựng sau khi được cấp có thể được trả dưới dạng điện tử hoặc bản giấy theo quy định của thủ tục, kèm bản vẽ đã được phê duyệt. Việc công khai thông tin giấy phép đã cấp giúp người dân xung quanh biết công trình bên cạnh được phép xây dựng như thế nào và cùng giám sát việc tuân thủ. Chủ đầu tư cần thực hiện việc thông báo khởi công và niêm yết thông tin công trình tại công trường theo quy định, đồng thời lưu giữ giấy phép để xuất trình khi được kiểm tra."),
                        ("callout", {"kind": "tip", "text": "Doanh nghiệp tư vấn thiết kế nên đặt tên tệp theo thành phần hồ sơ và dùng định dạng bản vẽ dễ đọc. Hồ sơ rõ ràng giúp rút ngắn thời gian thẩm định."}),
                        ("takeaways", [
                            "Quy trình trực tuyến vẫn tuân theo các bước của thủ tục hành chính nhưng được lưu vết đầy đủ.",
                            "Hồ sơ thiếu được hướng dẫn bổ sung một lần, nêu rõ nội dung cần bổ sung.",
                            "Công khai thông tin giấy phép giúp cộng đồng cùng giám sát việc tuân thủ.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Dữ liệu và kiểm tra sau cấp phép",
            "lessons": [
                {
                    "slug": "du-lieu-quy-hoach-phuc-vu-cap-phep",
                    "title": "Dữ liệu quy hoạch và hồ sơ số phục vụ cấp phép",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Tra cứu thông tin quy hoạch"),
                        ("paragraph", "Để xin phép xây dựng đúng ngay từ đầu, người dân và doanh nghiệp cần biết lô đất thuộc khu vực quy hoạch nào, chức năng sử dụng đất, mật độ xây dựng, tầng cao và chỉ giới xây dựng. Khi dữ liệu quy hoạch được số hóa trên nền bản đồ, thông tin này có thể được tra cứu theo vị trí hoặc theo thửa đất, thay vì phải đến cơ quan đề nghị cung cấp thông tin. Đối với cán bộ thẩm định, cùng một lớp dữ liệu giúp kiểm tra hồ sơ nhất quán và giảm phụ thuộc vào kinh nghiệm cá nhân."),
                        ("paragraph", "Hồ sơ số phục vụ cấp phép chỉ hữu ích khi được quản lý đúng cách. Mỗi giấy phép đã cấp nên được gắn với vị trí trên bản đồ và với thửa đất tương ứng, lưu kèm bản vẽ được duyệt. Những lần điều chỉnh giấy phép, biên bản kiểm tra và kết quả nghiệm thu cũng cần được cập nhật vào cùng hồ sơ. Khi dữ liệu đầy đủ, cơ quan quản lý biết được khu vực nào đang phát triển nhanh, hạ tầng nào sắp quá tải, từ đó phục vụ ngược lại cho việc rà soát, điều chỉnh quy hoạch."),
                        ("heading", "Chất lượng và trách nhiệm dữ liệu"),
                        ("list", [
                            "Xác định rõ bản đồ, văn bản nào có giá trị pháp lý.",
                            "Ghi ngày cập nhật trên từng lớp dữ liệu.",
                            "Quy định cách đối chiếu khi bản số khác hồ sơ gốc.",
                            "Phân quyền cập nhật và lưu lịch sử thay đổi.",
                        ]),
                        ("paragraph", "Sai sót trong dữ liệu quy hoạch có thể dẫn đến cấp phép sai, gây thiệt hại cho người dân và phát sinh trách nhiệm của cơ quan nhà nước. Vì vậy, cần xác định rõ bản đồ và văn bản nào có giá trị pháp lý, ghi ngày cập nhật trên từng lớp dữ liệu và quy định quy trình đối chiếu khi phát hiện mâu thuẫn giữa bản số và hồ sơ gốc. Thông tin tra cứu trực tuyến nên kèm lưu ý rằng kết quả chỉ mang tính tham khảo nếu chưa được cơ quan có thẩm quyền xác nhận."),
                        ("callout", {"kind": "warning", "text": "Không tự ý chỉnh sửa lớp dữ liệu quy hoạch đã được phê duyệt trên hệ thống. Mọi thay đổi phải căn cứ quyết định của cơ quan có thẩm quyền và được lưu lịch sử."}),
                        ("takeaways", [
                            "Dữ liệu quy hoạch số cho phép tra cứu điều kiện xây dựng theo vị trí hoặc thửa đất.",
                            "Mỗi giấy phép nên gắn với vị trí, thửa đất và toàn bộ hồ sơ liên quan.",
                            "Dữ liệu phải ghi rõ giá trị pháp lý, ngày cập nhật và quy trình đối chiếu.",
                        ]),
                    ],
                },
                {
                    "slug": "kiem-tra-trat-tu-xay-dung",
                    "title": "Kiểm tra trật tự xây dựng với sự hỗ trợ của công nghệ",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Kiểm tra thực địa có dữ liệu trong tay"),
                        ("paragraph", "Kiểm tra trật tự xây dựng nhằm phát hiện sớm công trình xây dựng không phép, sai phép hoặc vi phạm quy hoạch. Với thiết bị di động kết nối dữ liệu, cán bộ ra hiện trường có thể tra ngay giấy phép và bản vẽ được duyệt của công trình, chụp ảnh có gắn vị trí, thời gian và lập biên bản điện tử. Thông tin được đồng bộ về hệ thống để lãnh đạo theo dõi và các đơn vị liên quan phối hợp xử lý, tránh tình trạng biên bản giấy bị thất lạc hoặc chậm chuyển."),
                        ("paragraph", "Ngoài kiểm tra định kỳ, công nghệ giúp phát hiện sớm dấu hiệu vi phạm. Ảnh viễn thám, ảnh chụp từ thiết bị bay không người lái khi được phép sử dụng theo quy định, hoặc việc so sánh ảnh hiện trường theo thời gian có thể chỉ ra các công trình mới xuất hiện. Phản ánh của người dân qua kênh chính thức cũng là nguồn thông tin quan trọng. Tuy nhiên, mọi dấu hiệu do công nghệ phát hiện chỉ là căn cứ để kiểm tra; kết luận vi phạm phải dựa trên kiểm tra thực tế và đúng trình tự pháp lý."),
                        ("heading", "Minh bạch và công bằng"),
                        ("paragraph", "Dữ liệu kiểm tra được lưu đầy đủ giúp xử lý vi phạm công bằng, nhất quán giữa các địa bàn và hạn chế tiêu cực. Người dân và doanh nghiệp thấy rõ căn cứ xử lý, còn cơ quan quản lý có bằng chứng khi cần giải trình. Cần lưu ý rằng ảnh chụp và biên bản có thể chứa dữ liệu cá nhân, nên chỉ người có thẩm quyền được truy cập, và việc lưu trữ, chia sẻ phải tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025."),
                        ("list", [
                            "Tra cứu giấy phép, bản vẽ ngay tại hiện trường.",
                            "Ảnh chụp có vị trí, thời gian; biên bản điện tử.",
                            "Dấu hiệu từ công nghệ chỉ là căn cứ để kiểm tra.",
                            "Giới hạn quyền truy cập dữ liệu có thông tin cá nhân.",
                        ]),
                        ("self_check", {
                            "question": "Ảnh viễn thám cho thấy một công trình mới xuất hiện. Bước tiếp theo đúng là gì?",
                            "choices": [
                                "Tổ chức kiểm tra thực tế theo đúng trình tự trước khi kết luận",
                                "Kết luận ngay là xây dựng trái phép",
                                "Đăng ảnh lên mạng xã hội để cảnh báo",
                                "Bỏ qua vì chưa có ai phản ánh",
                            ],
                            "correct": 0,
                            "explanation": "Dấu hiệu từ công nghệ chỉ là căn cứ để kiểm tra; kết luận vi phạm phải dựa trên kiểm tra thực tế và trình tự pháp lý.",
                        }),
                        ("takeaways", [
                            "Thiết bị di động giúp đối chiếu giấy phép và lập biên bản điện tử ngay tại hiện trường.",
                            "Công nghệ phát hiện dấu hiệu; kết luận vi phạm phải qua kiểm tra thực tế và đúng trình tự.",
                            "Dữ liệu kiểm tra giúp xử lý công bằng nhưng phải được bảo vệ như dữ liệu cá nhân.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Quản lý xây dựng và phát triển đô thị có vị trí thế nào trong Công văn 171/UBND-KT?",
            "choices": [
                "Là một trong sáu nhóm nhiệm vụ trọng tâm",
                "Không được đề cập",
                "Chỉ áp dụng cho doanh nghiệp nước ngoài",
                "Là nhiệm vụ riêng của cấp huyện",
            ],
            "correct": [0],
            "feedback": "Quản lý xây dựng và phát triển đô thị là một trong sáu nhóm nhiệm vụ trọng tâm.",
        },
        {
            "type": "multiple",
            "text": "Những việc nào cán bộ có thể làm tại hiện trường khi có thiết bị di động kết nối dữ liệu?",
            "choices": [
                "Tra cứu giấy phép và bản vẽ được duyệt",
                "Chụp ảnh có gắn vị trí, thời gian",
                "Lập biên bản điện tử",
                "Tự ý sửa lớp dữ liệu quy hoạch đã phê duyệt",
            ],
            "correct": [0, 1, 2],
            "feedback": "Mọi thay đổi dữ liệu quy hoạch đã phê duyệt phải căn cứ quyết định của cơ quan có thẩm quyền.",
        },
        {
            "type": "truefalse",
            "text": "Công trình được miễn giấy phép xây dựng thì không cần tuân thủ quy hoạch.",
            "correct": False,
            "feedback": "Công trình miễn giấy phép vẫn phải tuân thủ quy hoạch và quy chuẩn kỹ thuật.",
        },
        {
            "type": "matching",
            "text": "Ghép bước trong quy trình cấp phép với nội dung chính.",
            "pairs": [
                ["Tiếp nhận", "Kiểm tra thành phần hồ sơ, hướng dẫn bổ sung một lần"],
                ["Thẩm định", "Đối chiếu quy hoạch, chỉ giới và quy chuẩn"],
                ["Trả kết quả", "Cấp giấy phép kèm bản vẽ được phê duyệt"],
                ["Công khai", "Cộng đồng biết và cùng giám sát tuân thủ"],
            ],
            "feedback": "Mỗi bước được thực hiện và lưu vết trên hệ thống.",
        },
        {
            "type": "short",
            "text": "Nếu hồ sơ chưa đầy đủ, cơ quan tiếp nhận hướng dẫn bổ sung mấy lần?",
            "answers": ["một lần", "1 lần", "một", "1"],
            "feedback": "Cơ quan tiếp nhận hướng dẫn bổ sung một lần, nêu rõ nội dung cần bổ sung.",
        },
        {
            "type": "truefalse",
            "text": "Dấu hiệu do ảnh viễn thám phát hiện là đủ để kết luận công trình vi phạm.",
            "correct": False,
            "feedback": "Đó chỉ là căn cứ để kiểm tra; kết luận phải dựa trên kiểm tra thực tế và trình tự pháp lý.",
        },
        {
            "type": "single",
            "text": "Vì sao thông tin tra cứu quy hoạch trực tuyến nên kèm lưu ý về giá trị tham khảo?",
            "choices": [
                "Vì dữ liệu số có thể chưa khớp hồ sơ gốc nếu chưa được cơ quan có thẩm quyền xác nhận",
                "Vì dữ liệu trực tuyến luôn sai",
                "Vì người dân không được phép xem quy hoạch",
                "Vì bản đồ số không có vị trí",
            ],
            "correct": [0],
            "feedback": "Cần quy trình đối chiếu khi bản số và hồ sơ gốc mâu thuẫn; bản có giá trị pháp lý phải được xác định rõ.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 7. community / citizens
# ---------------------------------------------------------------------------
_KY_NANG_SO = {
    "slug": "ky-nang-so-va-an-toan-thong-tin",
    "title": "Kỹ năng số và an toàn thông tin cho người dân",
    "summary": (
        "Khóa học giúp người dân sử dụng thiết bị và dịch vụ số tự tin, nhận diện lừa đảo trực tuyến, bảo vệ tài khoản "
        "và ứng xử văn minh trên môi trường số."
    ),
    "objectives": [
        "Sử dụng các kỹ năng số cơ bản phục vụ cuộc sống hằng ngày",
        "Nhận diện các thủ đoạn lừa đảo trực tuyến thường gặp và biết cách xử lý",
        "Bảo vệ tài khoản bằng mật khẩu mạnh, xác thực hai lớp và cập nhật thiết bị",
        "Ứng xử văn minh và hỗ trợ người thân tham gia môi trường số an toàn",
    ],
    "track": "community",
    "audiences": ["citizen"],
    "level": "basic",
    "hours": 3,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Tự tin trên môi trường số",
            "lessons": [
                {
                    "slug": "ky-nang-so-co-ban",
                    "title": "Kỹ năng số cơ bản cho cuộc sống hằng ngày",
                    "minutes": 15,
                    "free_preview": True,
                    "body": [
                        ("heading", "Những kỹ năng nền tảng"),
                        ("paragraph", "Kỹ năng số là khả năng sử dụng thiết bị và dịch vụ số một cách an toàn, hiệu quả để phục vụ học tập, công việc và cuộc sống. Với người dân trong đô thị thông minh, các kỹ năng nền tảng gồm: sử dụng điện thoại thông minh và cài ứng dụng từ kho ứng dụng chính thức; tìm kiếm và đánh giá thông tin trên mạng; giao tiếp qua tin nhắn, cuộc gọi video; thanh toán không dùng tiền mặt; và sử dụng dịch vụ công trực tuyến. Công văn 171/UBND-KT xác định việc tập huấn, hướng dẫn cho người dân là một nhiệm vụ quan trọng."),
                        ("paragraph", "Mỗi người có một xuất phát điểm khác nhau. Người trẻ thường thao tác nhanh nhưng đôi khi chủ quan với rủi ro; người cao tuổi cẩn trọng nhưng ngại thử cái mới. Cách học hiệu quả là bắt đầu từ nhu cầu thực tế: gọi video cho con cháu ở xa, xem lịch tiêm chủng, đăng ký khám bệnh, nộp hồ sơ cho con đi học. Mỗi lần làm được một việc có ích, người học thêm tự tin để khám phá những tiện ích khác của đô thị thông minh."),
                        ("list", [
                            "Cài đặt và cập nhật ứng dụng từ kho ứng dụng chính thức.",
                            "Thanh toán bằng mã QR, ứng dụng ngân hàng.",
                            "Sử dụng ứng dụng VNeID và dịch vụ công trực tuyến.",
                            "Tìm kiếm, kiểm chứng thông tin trước khi chia sẻ.",
                        ]),
                        ("heading", "Đánh giá thông tin trên mạng"),
                        ("paragraph", "Không phải mọi thông tin trên mạng đều đúng. Trước khi tin hoặc chia sẻ, hãy tự hỏi: thông tin do ai đăng, có nguồn chính thức không, có được báo chí chính thống hay trang của cơ quan nhà nước xác nhận không, và có đang kích động cảm xúc quá mức không. Với thông tin về chính sách, quy hoạch, y tế, nên đối chiếu với trang thông tin điện tử của cơ quan nhà nước có tên miền .gov.vn. Chia sẻ tin sai, dù vô tình, có thể gây hoang mang và thiệt hại cho người khác."),
                        ("callout", {"kind": "tip", "text": "Trước khi bấm chia sẻ, hãy dừng lại vài giây và tự hỏi: nguồn tin này là ai? Nếu không trả lời được, đừng chia sẻ."}),
                        ("takeaways", [
                            "Kỹ năng số giúp sử dụng dịch vụ số an toàn, hiệu quả trong đời sống hằng ngày.",
                            "Học từ nhu cầu thực tế giúp người học tự tin hơn sau mỗi lần thành công.",
                            "Kiểm chứng nguồn tin, ưu tiên trang .gov.vn trước khi tin và chia sẻ.",
                        ]),
                    ],
                },
                {
                    "slug": "nhan-dien-lua-dao-truc-tuyen",
                    "title": "Nhận diện lừa đảo trực tuyến",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các thủ đoạn thường gặp"),
                        ("paragraph", "Lừa đảo trực tuyến ngày càng tinh vi, nhưng phần lớn các thủ đoạn đều dựa trên ba yếu tố: tạo lòng tin bằng cách giả danh người quen hoặc cơ quan có uy tín; tạo áp lực thời gian hoặc nỗi sợ hãi; và dẫn dắt nạn nhân làm một hành động như bấm vào đường liên kết, cài ứng dụng lạ, cung cấp mã OTP hoặc chuyển tiền. Nhận ra được ba yếu tố này giúp người dân dừng lại kịp thời trước khi bị mất tiền hay mất quyền kiểm soát tài khoản."),
                        ("list", [
                            "Giả danh cơ quan công an, tòa án, thuế, điện lực gọi điện yêu cầu chuyển tiền hoặc cài ứng dụng.",
                            "Gửi đường liên kết giả mạo trang ngân hàng, trang dịch vụ công để lấy mật khẩu.",
                            "Mời làm “nhiệm vụ” trực tuyến việc nhẹ lương cao, yêu cầu nạp tiền trước.",
                            "Chiếm tài khoản mạng xã hội của người quen rồi nhắn tin vay tiền.",
                            "Thông báo trúng thưởng, yêu cầu nộp phí để nhận quà.",
                        ]),
                        ("paragraph", "Một số dấu hiệu giúp nhận biết: cuộc gọi hoặc tin nhắn yêu cầu giữ bí mật, không được nói với người thân; đường liên kết có tên miền lạ, sai chính tả hoặc khác tên miền chính thức; yêu cầu cung cấp mã OTP, mật khẩu; yêu cầu cài ứng dụng không có trên kho ứng dụng chính thức; hứa hẹn lợi nhuận cao bất thường. Cần nhớ rằng cơ quan nhà nước không giải quyết công việc bằng cách gọi điện yêu cầu người dân chuyển tiền vào tài khoản cá nhân."),
                        ("heading", "Khi nghi ngờ hoặc đã bị lừa"),
                        ("paragraph", "Khi nghi ngờ, hãy dừng lại, không làm theo yêu cầu và kiểm chứng bằng một kênh khác, chẳng hạn gọi trực tiếp cho người thân theo số điện thoại đã lưu, hoặc đến cơ quan được nhắc tên. Nếu đã lỡ cung cấp thông tin hoặc chuyển tiền, cần liên hệ ngay với ngân hàng qua số tổng đài chính thức để được hỗ trợ, đổi mật khẩu các tài khoản liên quan và trình báo cơ quan công an nơi gần nhất. Hành động càng sớm, khả năng hạn chế thiệt hại càng cao."),
                        ("callout", {"kind": "warning", "text": "Mã OTP chỉ dành cho chính bạn. Bất kỳ ai hỏi mã OTP, dù xưng là ai, đều có dấu hiệu lừa đảo."}),
                        ("self_check", {
                            "question": "Một người gọi điện xưng là công an, yêu cầu bạn chuyển tiền vào tài khoản để “phục vụ điều tra” và không được nói với ai. Bạn nên làm gì?",
                            "choices": [
                                "Không làm theo, gác máy và kiểm chứng trực tiếp tại cơ quan công an",
                                "Chuyển tiền ngay để tránh rắc rối",
                                "Cung cấp mã OTP để họ tự kiểm tra",
                                "Cài ứng dụng theo đường liên kết họ gửi",
                            ],
                            "correct": 0,
                            "explanation": "Yêu cầu giữ bí mật, tạo áp lực và đòi chuyển tiền là các dấu hiệu điển hình của lừa đảo.",
                        }),
                        ("takeaways", [
                            "Lừa đảo dựa trên ba yếu tố: tạo lòng tin, tạo áp lực, dẫn dắt hành động.",
                            "Không cung cấp OTP, mật khẩu; không cài ứng dụng ngoài kho chính thức.",
                            "Nếu đã bị lừa: báo ngân hàng qua tổng đài chính thức, đổi mật khẩu, trình báo công an ngay.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Bảo vệ bản thân và gia đình",
            "lessons": [
                {
                    "slug": "bao-ve-tai-khoan-va-thiet-bi",
                    "title": "Bảo vệ tài khoản và thiết bị",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Mật khẩu và xác thực hai lớp"),
                        ("paragraph", "Tài khoản số của mỗi người, từ thư điện tử, mạng xã hội, ngân hàng đến VNeID, là chìa khóa dẫn tới tiền bạc và thông tin cá nhân. Một mật khẩu mạnh nên dài, khó đoán, không dùng ngày sinh, số điện thoại hay tên người thân, và không dùng lại cùng một mật khẩu cho nhiều tài khoản. Một cụm gồm nhiều từ ghép lại thường vừa dễ nhớ vừa khó đoán. Trình quản lý mật khẩu có uy tín có thể giúp lưu trữ an toàn khi có nhiều tài khoản."),
                        ("paragraph", "Xác thực hai lớp là lớp bảo vệ bổ sung: ngoài mật khẩu, người dùng phải xác nhận thêm bằng mã gửi về điện thoại, ứng dụng xác thực hoặc sinh trắc học. Nhờ vậy, kể cả khi mật khẩu bị lộ, kẻ gian vẫn khó đăng nhập. Hãy bật xác thực hai lớp cho các tài khoản quan trọng nhất, đặc biệt là hộp thư điện tử dùng để khôi phục các tài khoản khác, tài khoản mạng xã hội và ứng dụng ngân hàng."),
                        ("heading", "Giữ thiết bị an toàn"),
                        ("list", [
                            "Cập nhật hệ điều hành và ứng dụng khi có bản vá.",
                            "Chỉ cài ứng dụng từ kho ứng dụng chính thức.",
                            "Đặt khóa màn hình bằng mã hoặc sinh trắc học.",
                            "Hạn chế giao dịch tài chính khi dùng Wi-Fi công cộng.",
                            "Sao lưu ảnh, tài liệu quan trọng.",
                        ]),
                        ("paragraph", "Thiết bị lâu không được cập nhật là điểm yếu mà kẻ xấu thường khai thác. Các bản cập nhật không chỉ thêm tính năng mà còn vá lỗ hổng bảo mật, vì vậy nên bật chế độ tự động cập nhật. Khi cài ứng dụng, hãy đọc kỹ các quyền mà ứng dụng yêu cầu; một ứng dụng đèn pin không cần quyền đọc tin nhắn hay danh bạ. Trước khi bán, cho tặng hoặc mang điện thoại đi sửa, cần sao lưu dữ liệu, đăng xuất các tài khoản và xóa dữ liệu cá nhân."),
                        ("callout", {"kind": "tip", "text": "Bắt đầu từ ba việc ngay hôm nay: bật xác thực hai lớp cho hộp thư điện tử, bật tự động cập nhật và đặt khóa màn hình điện thoại."}),
                        ("takeaways", [
                            "Mật khẩu mạnh, không dùng lại cho nhiều tài khoản.",
                            "Xác thực hai lớp bảo vệ tài khoản kể cả khi mật khẩu bị lộ.",
                            "Cập nhật thiết bị, kiểm soát quyền ứng dụng và xóa dữ liệu trước khi chuyển giao máy.",
                        ]),
                    ],
                },
                {
                    "slug": "ung-xu-va-ho-tro-nguoi-than",
                    "title": "Ứng xử văn minh và hỗ trợ người thân trên môi trường số",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Ứng xử văn minh trên môi trường số"),
                        ("paragraph", "Môi trường số là không gian chung, nơi lời nói và hình ảnh có thể lan truyền rất nhanh và tồn tại rất lâu. Ứng xử văn minh nghĩa là tôn trọng người khác như khi giao tiếp trực tiếp: không xúc phạm, không bình luận kích động, không chia sẻ thông tin chưa kiểm chứng. Đặc biệt, không đăng tải hình ảnh, thông tin cá nhân của người khác khi chưa được đồng ý, kể cả với mục đích tốt như tố giác sai phạm; trong trường hợp đó, hãy gửi thông tin đến cơ quan có thẩm quyền."),
                        ("paragraph", "Khi phản ánh các vấn đề của khu phố, ấp như rác thải, hư hỏng hạ tầng hay mất trật tự, nên dùng kênh chính thức của chính quyền để vấn đề được tiếp nhận và xử lý. Đăng lên mạng xã hội có thể thu hút sự chú ý nhưng không bảo đảm đến đúng cơ quan có trách nhiệm, lại dễ bị bình luận thiếu kiểm soát. Ý kiến được trình bày bình tĩnh, có hình ảnh và vị trí rõ ràng sẽ giúp cơ quan chức năng xử lý nhanh hơn."),
                        ("heading", "Hỗ trợ người thân cùng tham gia"),
                        ("paragraph", "Trong mỗi gia đình, người trẻ có thể trở thành người hướng dẫn kỹ năng số cho ông bà, cha mẹ. Hãy hướng dẫn chậm, để người thân tự thao tác thay vì làm hộ, ghi lại các bước quan trọng ra giấy và nhắc lại nhiều lần các nguyên tắc an toàn như không cung cấp OTP, không bấm vào đường liên kết lạ. Đồng thời, cần tôn trọng quyền riêng tư của người thân: không tự ý đọc tin nhắn, không giữ mật khẩu của người khác nếu không thật cần thiết. Sự kiên nhẫn trong gia đình giúp không ai bị bỏ lại phía sau."),
                        ("list", [
                            "Để người thân tự thao tác, mình chỉ hướng dẫn.",
                            "Ghi các bước quan trọng ra giấy.",
                            "Nhắc lại nguyên tắc: không OTP, không đường liên kết lạ.",
                            "Tôn trọng quyền riêng tư của người thân.",
                        ]),
                        ("callout", {"kind": "note", "text": "Nếu gia đình chưa có ai hướng dẫn được, người dân có thể hỏi tổ công nghệ số cộng đồng hoặc bộ phận tiếp nhận hồ sơ tại UBND xã, phường."}),
                        ("takeaways", [
                            "Tôn trọng người khác trên mạng; không đăng thông tin cá nhân của người khác khi chưa được đồng ý.",
                            "Phản ánh vấn đề địa phương qua kênh chính thức để được xử lý đúng nơi.",
                            "Hướng dẫn người thân kiên nhẫn, để họ tự thao tác và tôn trọng quyền riêng tư.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "multiple",
            "text": "Những dấu hiệu nào cho thấy một cuộc gọi, tin nhắn có thể là lừa đảo?",
            "choices": [
                "Yêu cầu giữ bí mật, không nói với người thân",
                "Yêu cầu cung cấp mã OTP",
                "Hứa hẹn lợi nhuận cao bất thường",
                "Thông báo lịch họp tổ dân cư trên bảng tin khu phố",
            ],
            "correct": [0, 1, 2],
            "feedback": "Giữ bí mật, đòi OTP, lợi nhuận bất thường đều là dấu hiệu điển hình của lừa đảo.",
        },
        {
            "type": "truefalse",
            "text": "Có thể cung cấp mã OTP cho người tự xưng là nhân viên ngân hàng nếu họ nói đúng họ và tên của bạn.",
            "correct": False,
            "feedback": "Mã OTP chỉ dành cho chính bạn; kẻ gian có thể đã biết họ và tên của bạn từ trước.",
        },
        {
            "type": "single",
            "text": "Tài khoản nào nên được ưu tiên bật xác thực hai lớp vì dùng để khôi phục các tài khoản khác?",
            "choices": ["Hộp thư điện tử", "Tài khoản trò chơi", "Tài khoản xem phim", "Tài khoản đọc báo"],
            "correct": [0],
            "feedback": "Hộp thư điện tử thường dùng để khôi phục các tài khoản khác nên cần được bảo vệ trước tiên.",
        },
        {
            "type": "short",
            "text": "Mã xác thực dùng một lần gửi về điện thoại thường được gọi tắt là gì?",
            "answers": ["OTP", "mã OTP"],
            "feedback": "Đó là mã OTP; tuyệt đối không cung cấp cho người khác.",
        },
        {
            "type": "matching",
            "text": "Ghép tình huống với cách xử lý đúng.",
            "pairs": [
                ["Đã lỡ chuyển tiền cho kẻ lừa đảo", "Gọi tổng đài chính thức của ngân hàng và trình báo công an"],
                ["Người quen nhắn tin vay tiền gấp", "Gọi lại theo số điện thoại đã lưu để kiểm chứng"],
                ["Ứng dụng đèn pin đòi quyền đọc tin nhắn", "Không cấp quyền hoặc gỡ ứng dụng"],
                ["Chuẩn bị bán điện thoại cũ", "Sao lưu, đăng xuất tài khoản, xóa dữ liệu"],
            ],
            "feedback": "Kiểm chứng qua kênh khác và hành động sớm giúp hạn chế thiệt hại.",
        },
        {
            "type": "truefalse",
            "text": "Khi thấy vi phạm ở khu phố, nên gửi thông tin đến cơ quan có thẩm quyền thay vì tự đăng ảnh, thông tin cá nhân của người khác lên mạng xã hội.",
            "correct": True,
            "feedback": "Kênh chính thức giúp vấn đề đến đúng nơi xử lý và tôn trọng quyền riêng tư của người khác.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 8. utilities / all audiences
# ---------------------------------------------------------------------------
_BAO_VE_DU_LIEU = {
    "slug": "bao-ve-du-lieu-ca-nhan-trong-dich-vu-so",
    "title": "Bảo vệ dữ liệu cá nhân trong dịch vụ số",
    "summary": (
        "Khóa học giới thiệu những nội dung cốt lõi của Luật Bảo vệ dữ liệu cá nhân 2025 (Luật số 91/2025/QH15): "
        "dữ liệu cá nhân là gì, quyền của chủ thể dữ liệu, sự đồng ý, trách nhiệm của cơ quan, doanh nghiệp và cách xử lý sự cố."
    ),
    "objectives": [
        "Phân biệt dữ liệu cá nhân cơ bản và dữ liệu cá nhân nhạy cảm",
        "Nêu được các quyền của chủ thể dữ liệu và điều kiện của sự đồng ý hợp lệ",
        "Xác định vai trò bên kiểm soát, bên xử lý dữ liệu và trách nhiệm tương ứng",
        "Áp dụng biện pháp phòng ngừa và quy trình xử lý sự cố lộ lọt dữ liệu",
    ],
    "track": "utilities",
    "audiences": ["official", "citizen", "business"],
    "level": "intermediate",
    "hours": 4,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Hiểu về dữ liệu cá nhân và quyền của mỗi người",
            "lessons": [
                {
                    "slug": "du-lieu-ca-nhan-la-gi",
                    "title": "Dữ liệu cá nhân là gì?",
                    "minutes": 20,
                    "free_preview": True,
                    "body": [
                        ("heading", "Khái niệm cơ bản"),
                        ("paragraph", "Luật Bảo vệ dữ liệu cá nhân 2025 (Luật số 91/2025/QH15) được Quốc hội thông qua ngày 26 tháng 6 năm 2025 và có hiệu lực từ ngày 01 tháng 01 năm 2026. Theo Luật, dữ liệu cá nhân là dữ liệu số hoặc thông tin dưới dạng khác xác định hoặc giúp xác định một con người cụ thể. Người được dữ liệu cá nhân phản ánh gọi là chủ thể dữ liệu cá nhân. Nói cách khác, bất kỳ thông tin nào giúp nhận ra “đây là ai”, dù đứng riêng hay khi kết hợp với thông tin khác, đều cần được bảo vệ."),
                        ("paragraph", "Luật chia dữ liệu cá nhân thành hai nhóm. Dữ liệu cá nhân cơ bản phản ánh các yếu tố nhân thân, lai lịch phổ biến, thường xuyên sử dụng trong giao dịch và quan hệ xã hội, như họ và tên, ngày sinh, số điện thoại, địa chỉ. Dữ liệu cá nhân nhạy cảm gắn liền với quyền riêng tư, khi bị xâm phạm sẽ ảnh hưởng trực tiếp đến quyền, lợi ích hợp pháp của cá nhân, chẳng hạn thông tin sức khỏe, dữ liệu sinh trắc học, thông tin tài chính. Danh mục cụ thể của từng nhóm do Chính phủ ban hành."),
                        ("heading", "Dữ liệu cá nhân trong đô thị thông minh"),
                        ("list", [
                            "Hồ sơ thủ tục hành chính của người dân, doanh nghiệp.",
                            "Hình ảnh từ camera nơi công cộng.",
                            "Lịch sử thanh toán, giao dịch trên ứng dụng.",
                            "Vị trí của thiết bị di động.",
                        ]),
                        ("paragraph", "Đô thị thông minh vận hành dựa trên dữ liệu, và rất nhiều dữ liệu trong đó gắn với con người. Vì vậy, bảo vệ dữ liệu cá nhân không phải là trở ngại mà là điều kiện để người dân tin tưởng và sẵn sàng sử dụng dịch vụ số. Luật cũng xác định dữ liệu cá nhân sau khi được khử nhận dạng không còn là dữ liệu cá nhân; đây là cơ sở để cơ quan nhà nước sử dụng dữ liệu tổng hợp phục vụ quản lý, quy hoạch mà vẫn tôn trọng quyền riêng tư của từng người."),
                        ("callout", {"kind": "note", "text": "Khóa học giới thiệu nội dung cốt lõi để nâng cao nhận thức và không thay thế văn bản pháp luật. Khi giải quyết tình huống cụ thể, cần đọc toàn văn Luật và các văn bản hướng dẫn thi hành."}),
                        ("takeaways", [
                            "Luật số 91/2025/QH15 có hiệu lực từ ngày 01/01/2026.",
                            "Dữ liệu cá nhân gồm dữ liệu cơ bản và dữ liệu nhạy cảm; danh mục do Chính phủ ban hành.",
                            "Dữ liệu đã khử nhận dạng không còn là dữ liệu cá nhân, giúp dùng dữ liệu tổng hợp an toàn.",
                        ]),
                    ],
                },
                {
                    "slug": "quyen-cua-chu-the-va-su-dong-y",
                    "title": "Quyền của chủ thể dữ liệu và sự đồng ý",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các quyền của chủ thể dữ liệu"),
                        ("paragraph", "Luật Bảo vệ dữ liệu cá nhân 2025 trao cho mỗi người những quyền cụ thể đối với dữ liệu của mình. Chủ thể dữ liệu được biết về hoạt động xử lý dữ liệu cá nhân; đồng ý hoặc không đồng ý, yêu cầu rút lại sự đồng ý; xem, chỉnh sửa hoặc yêu cầu chỉnh sửa dữ liệu; yêu cầu cung cấp, xóa, hạn chế xử lý dữ liệu và gửi yêu cầu phản đối xử lý; khiếu nại, tố cáo, khởi kiện, yêu cầu bồi thường thiệt hại theo quy định của pháp luật. Việc thực hiện các quyền này tuân theo trình tự do pháp luật quy định."),
                        ("list", [
                            "Được biết về hoạt động xử lý dữ liệu.",
                            "Đồng ý, không đồng ý hoặc rút lại sự đồng ý.",
                            "Xem, chỉnh sửa hoặc yêu cầu chỉnh sửa.",
                            "Yêu cầu cung cấp, xóa, hạn chế xử lý; phản đối xử lý.",
                            "Khiếu nại, tố cáo, khởi kiện, yêu cầu bồi thường.",
                        ]),
                        ("paragraph", "Đi cùng với quyền là nghĩa vụ. Mỗi người cần tự bảo vệ dữ liệu cá nhân của mình, tôn trọng dữ liệu cá nhân của người khác, cung cấp thông tin đầy đủ, chính xác khi đồng ý cho phép xử lý hoặc theo hợp đồng, và chấp hành pháp luật về bảo vệ dữ liệu cá nhân. Một người dân cẩn trọng khi chia sẻ ảnh giấy tờ tùy thân, không đăng thông tin của người khác lên mạng xã hội, chính là đang góp phần bảo vệ cả cộng đồng."),
                        ("heading", "Sự đồng ý hợp lệ"),
                        ("paragraph", "Sự đồng ý là việc chủ thể dữ liệu cho phép xử lý dữ liệu cá nhân của mình, trừ trường hợp pháp luật có quy định khác. Sự đồng ý chỉ có hiệu lực khi dựa trên sự tự nguyện và người đồng ý biết rõ loại dữ liệu được xử lý, mục đích xử lý, bên kiểm soát dữ liệu cũng như các quyền, nghĩa vụ của mình. Sự đồng ý phải được thể hiện bằng phương thức rõ ràng, cụ thể; vì vậy không được coi sự im lặng hay việc không phản hồi là đồng ý. Vì thế, trên hệ thống số, ô “Đồng ý cho phép xử lý dữ liệu cá nhân” không nên được đánh dấu sẵn."),
                        ("callout", {"kind": "tip", "text": "Trước khi bấm “Đồng ý”, hãy đọc ít nhất phần mục đích xử lý và loại dữ liệu được thu thập. Nếu yêu cầu vượt quá nhu cầu của dịch vụ, hãy hỏi lại hoặc cân nhắc không đồng ý."}),
                        ("self_check", {
                            "question": "Trường hợp nào sau đây KHÔNG thể hiện sự đồng ý hợp lệ?",
                            "choices": [
                                "Người dùng không phản hồi thông báo nên được coi là đã đồng ý",
                                "Người dùng tự đánh dấu vào ô đồng ý sau khi đọc mục đích xử lý",
                                "Người dùng ký xác nhận đồng ý trên văn bản nêu rõ loại dữ liệu",
                                "Người dùng bấm nút đồng ý trên màn hình nêu rõ bên kiểm soát dữ liệu",
                            ],
                            "correct": 0,
                            "explanation": "Sự đồng ý phải được thể hiện rõ ràng, cụ thể; im lặng hoặc không phản hồi không phải là đồng ý.",
                        }),
                        ("takeaways", [
                            "Chủ thể dữ liệu có quyền biết, đồng ý hoặc rút lại đồng ý, chỉnh sửa, yêu cầu xóa, phản đối và khiếu nại.",
                            "Sự đồng ý phải tự nguyện, biết rõ thông tin và thể hiện bằng phương thức rõ ràng, cụ thể.",
                            "Mỗi người vừa có quyền vừa có nghĩa vụ tự bảo vệ và tôn trọng dữ liệu của người khác.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Trách nhiệm và xử lý sự cố",
            "lessons": [
                {
                    "slug": "trach-nhiem-khi-xu-ly-du-lieu",
                    "title": "Trách nhiệm của cơ quan, doanh nghiệp khi xử lý dữ liệu cá nhân",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Ai chịu trách nhiệm"),
                        ("paragraph", "Luật Bảo vệ dữ liệu cá nhân 2025 phân biệt các vai trò trong hoạt động xử lý dữ liệu. Bên kiểm soát dữ liệu cá nhân là cơ quan, tổ chức, cá nhân quyết định mục đích và phương tiện xử lý. Bên xử lý dữ liệu cá nhân thực hiện việc xử lý theo yêu cầu của bên kiểm soát thông qua hợp đồng. Một đơn vị vừa quyết định vừa trực tiếp xử lý là bên kiểm soát và xử lý dữ liệu cá nhân. Ví dụ, khi một cơ quan thuê doanh nghiệp vận hành hệ thống, cơ quan thường là bên kiểm soát, còn doanh nghiệp là bên xử lý."),
                        ("paragraph", "Dù ở vai trò nào, cơ quan, doanh nghiệp cũng cần tuân thủ các nguyên tắc chung: chỉ thu thập dữ liệu đúng phạm vi, mục đích cụ thể, rõ ràng; không dùng dữ liệu cho mục đích khác khi chưa có căn cứ; lưu giữ trong thời gian phù hợp với mục đích; áp dụng biện pháp kỹ thuật và tổ chức để bảo vệ dữ liệu; tiếp nhận và giải quyết yêu cầu thực hiện quyền của chủ thể dữ liệu. Nguyên tắc thu thập tối thiểu đặc biệt quan trọng: dữ liệu nào không cần thì không thu thập."),
                        ("list", [
                            "Lập danh mục các loại dữ liệu cá nhân đang thu thập và mục đích.",
                            "Rà soát biểu mẫu, bỏ các trường thông tin không cần thiết.",
                            "Phân quyền truy cập theo vai trò, ghi nhật ký truy cập.",
                            "Quy định thời hạn lưu giữ và cách xóa, hủy dữ liệu.",
                            "Đưa điều khoản bảo vệ dữ liệu vào hợp đồng với bên xử lý.",
                        ]),
                        ("heading", "Trong cơ quan nhà nước"),
                        ("paragraph", "Đối với cơ quan nhà nước, hồ sơ thủ tục hành chính, dữ liệu dân cư và dữ liệu chuyên ngành là những khối dữ liệu cá nhân lớn. Cán bộ, công chức, viên chức chỉ được truy cập dữ liệu trong phạm vi nhiệm vụ được giao, không tra cứu thông tin của người quen vì tò mò, không chụp màn hình hay sao chép dữ liệu ra ngoài hệ thống. Các nền tảng số, kể cả nền tảng bồi dưỡng này, cần tạo điều kiện để người dùng thực hiện quyền của mình, chẳng hạn qua chức năng “Tải dữ liệu của tôi” hoặc “Yêu cầu xóa tài khoản”."),
                        ("callout", {"kind": "warning", "text": "Tra cứu dữ liệu cá nhân ngoài phạm vi nhiệm vụ, dù chỉ “xem cho biết”, là hành vi vi phạm. Mọi lượt truy cập đều có thể được ghi nhật ký."}),
                        ("takeaways", [
                            "Bên kiểm soát quyết định mục đích, phương tiện; bên xử lý thực hiện theo hợp đồng.",
                            "Thu thập tối thiểu, đúng mục đích, lưu giữ có thời hạn và bảo vệ bằng biện pháp kỹ thuật, tổ chức.",
                            "Cán bộ chỉ truy cập dữ liệu trong phạm vi nhiệm vụ; nền tảng số cần hỗ trợ người dùng thực hiện quyền.",
                        ]),
                    ],
                },
                {
                    "slug": "phong-ngua-va-xu-ly-su-co",
                    "title": "Phòng ngừa và xử lý sự cố lộ lọt dữ liệu",
                    "minutes": 20,
                    "free_preview": False,
                    "body": [
                        ("heading", "Những nguy cơ thường gặp"),
                        ("paragraph", "Sự cố lộ lọt dữ liệu cá nhân không chỉ đến từ tin tặc. Nhiều trường hợp bắt nguồn từ sơ suất thường ngày: gửi nhầm tệp danh sách cho người ngoài, chia sẻ bảng tính ở chế độ công khai trên mạng, để lộ mật khẩu, làm mất máy tính xách tay không được mã hóa, hoặc nhân viên đã nghỉ việc vẫn còn quyền truy cập. Vì vậy, phòng ngừa cần kết hợp biện pháp kỹ thuật với quy trình rõ ràng và ý thức của từng người trong cơ quan, doanh nghiệp."),
                        ("paragraph", "Biện pháp phòng ngừa cơ bản gồm: mã hóa thiết bị và dữ liệu quan trọng; áp dụng xác thực hai lớp; cấp quyền ở mức tối thiểu cần thiết; sao lưu định kỳ; cập nhật phần mềm; và tập huấn thường xuyên để nhân viên nhận biết thư điện tử lừa đảo. Khi công bố dữ liệu thống kê hay dữ liệu mở, cần khử nhận dạng cẩn thận, tránh trường hợp nhóm số liệu quá nhỏ khiến người đọc vẫn đoán được danh tính. Mỗi cơ quan, doanh nghiệp nên có đầu mối phụ trách bảo vệ dữ liệu cá nhân."),
                        ("heading", "Khi sự cố xảy ra"),
                        ("list", [
                            "Báo ngay cho người phụ trách.",
                            "Cô lập hệ thống, thu hồi quyền truy cập để ngăn lan rộng.",
                            "Lưu giữ chứng cứ.",
                            "Đánh giá loại dữ liệu và những người bị ảnh hưởng.",
                            "Thông báo cho cơ quan chức năng và chủ thể dữ liệu theo quy định.",
                            "Khắc phục nguyên nhân, rút kinh nghiệm.",
                        ]),
                        ("paragraph", "Khi phát hiện sự cố, cần bình tĩnh và hành động theo quy trình đã chuẩn bị sẵn thay vì xử lý tùy hứng. Thông báo cho cơ quan chức năng và cho những người bị ảnh hưởng phải được thực hiện theo quy định của pháp luật, để họ kịp thời đổi mật khẩu hoặc cảnh giác với các cuộc gọi lừa đảo. Che giấu sự cố chỉ làm thiệt hại lớn hơn và làm mất niềm tin của người dân, khách hàng. Sau mỗi sự cố, cần rà soát nguyên nhân gốc và cập nhật quy trình để tránh lặp lại."),
                        ("callout", {"kind": "tip", "text": "Định kỳ diễn tập tình huống lộ lọt dữ liệu để mọi người biết mình phải làm gì, báo cho ai khi sự cố thật xảy ra."}),
                        ("self_check", {
                            "question": "Việc đầu tiên nên làm khi phát hiện gửi nhầm tệp danh sách khách hàng cho người ngoài là gì?",
                            "choices": ["Báo ngay cho người phụ trách để xử lý theo quy trình", "Im lặng và hy vọng không ai phát hiện", "Xóa tệp trong máy mình là đủ", "Gửi tiếp tệp cho người khác để hỏi ý kiến"],
                            "correct": 0,
                            "explanation": "Báo cáo sớm giúp cô lập, hạn chế thiệt hại và thực hiện thông báo theo quy định.",
                        }),
                        ("takeaways", [
                            "Nhiều sự cố đến từ sơ suất thường ngày, không chỉ từ tin tặc.",
                            "Phòng ngừa bằng mã hóa, xác thực hai lớp, cấp quyền tối thiểu, sao lưu và tập huấn.",
                            "Khi có sự cố: báo ngay, cô lập, lưu chứng cứ, đánh giá, thông báo theo quy định và khắc phục.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "short",
            "text": "Ghi số hiệu của Luật Bảo vệ dữ liệu cá nhân 2025.",
            "answers": ["91/2025/QH15", "Luật số 91/2025/QH15", "91"],
            "feedback": "Đó là Luật số 91/2025/QH15, có hiệu lực từ ngày 01/01/2026.",
        },
        {
            "type": "single",
            "text": "Luật Bảo vệ dữ liệu cá nhân 2025 có hiệu lực từ ngày nào?",
            "choices": ["01/01/2026", "26/6/2025", "01/7/2025", "01/8/2018"],
            "correct": [0],
            "feedback": "Luật được thông qua ngày 26/6/2025 và có hiệu lực từ ngày 01/01/2026.",
        },
        {
            "type": "multiple",
            "text": "Những quyền nào thuộc về chủ thể dữ liệu cá nhân?",
            "choices": [
                "Được biết về hoạt động xử lý dữ liệu cá nhân",
                "Yêu cầu rút lại sự đồng ý",
                "Yêu cầu xóa, hạn chế xử lý dữ liệu",
                "Yêu cầu cơ quan khác cung cấp dữ liệu cá nhân của hàng xóm",
                "Khiếu nại, tố cáo, khởi kiện theo quy định",
            ],
            "correct": [0, 1, 2, 4],
            "feedback": "Quyền của chủ thể dữ liệu là quyền đối với dữ liệu của chính mình, không bao gồm dữ liệu của người khác.",
        },
        {
            "type": "truefalse",
            "text": "Nếu người dùng không phản hồi thông báo về việc xử lý dữ liệu, có thể coi là họ đã đồng ý.",
            "correct": False,
            "feedback": "Sự đồng ý phải được thể hiện bằng phương thức rõ ràng, cụ thể; im lặng không phải là đồng ý.",
        },
        {
            "type": "matching",
            "text": "Ghép khái niệm với định nghĩa tương ứng.",
            "pairs": [
                ["Chủ thể dữ liệu cá nhân", "Người được dữ liệu cá nhân phản ánh"],
                ["Bên kiểm soát dữ liệu cá nhân", "Quyết định mục đích và phương tiện xử lý"],
                ["Bên xử lý dữ liệu cá nhân", "Xử lý dữ liệu theo yêu cầu của bên kiểm soát thông qua hợp đồng"],
                ["Dữ liệu cá nhân nhạy cảm", "Gắn với quyền riêng tư, khi bị xâm phạm ảnh hưởng trực tiếp đến quyền, lợi ích hợp pháp"],
            ],
            "feedback": "Xác định đúng vai trò giúp biết ai chịu trách nhiệm gì trong xử lý dữ liệu.",
        },
        {
            "type": "truefalse",
            "text": "Dữ liệu cá nhân sau khi được khử nhận dạng không còn là dữ liệu cá nhân.",
            "correct": True,
            "feedback": "Đây là cơ sở để sử dụng dữ liệu tổng hợp phục vụ quản lý mà vẫn bảo vệ quyền riêng tư.",
        },
        {
            "type": "single",
            "text": "Nguyên tắc “thu thập tối thiểu” có nghĩa là gì?",
            "choices": [
                "Dữ liệu nào không cần cho mục đích xử lý thì không thu thập",
                "Thu thập càng nhiều càng tốt để dùng sau",
                "Chỉ thu thập dữ liệu vào cuối năm",
                "Thu thập dữ liệu mà không cần thông báo mục đích",
            ],
            "correct": [0],
            "feedback": "Thu thập tối thiểu giảm rủi ro và gánh nặng bảo vệ dữ liệu.",
        },
        {
            "type": "multiple",
            "text": "Những việc nào thuộc quy trình xử lý khi xảy ra sự cố lộ lọt dữ liệu?",
            "choices": [
                "Cô lập hệ thống, thu hồi quyền truy cập",
                "Lưu giữ chứng cứ",
                "Che giấu sự cố để giữ uy tín",
                "Thông báo theo quy định của pháp luật",
            ],
            "correct": [0, 1, 3],
            "feedback": "Che giấu sự cố làm thiệt hại lớn hơn và làm mất niềm tin.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 9. economy / businesses, citizens
# ---------------------------------------------------------------------------
_DOI_MOI_SANG_TAO = {
    "slug": "doi-moi-sang-tao-va-khoi-nghiep-so",
    "title": "Đổi mới sáng tạo và khởi nghiệp số",
    "summary": (
        "Khóa học giúp doanh nghiệp và người dân có ý tưởng khởi nghiệp nhận diện cơ hội từ các bài toán đô thị, "
        "kiểm chứng ý tưởng, xây dựng mô hình kinh doanh số và hợp tác với chính quyền một cách chuyên nghiệp."
    ),
    "objectives": [
        "Nhận diện cơ hội đổi mới sáng tạo từ các vấn đề của đô thị và lợi thế của địa phương",
        "Kiểm chứng vấn đề và thử nghiệm sản phẩm mẫu trước khi đầu tư lớn",
        "Mô tả được các thành phần chính của một mô hình kinh doanh số",
        "Biết cách khai thác dữ liệu mở và hợp tác với cơ quan nhà nước đúng quy định",
    ],
    "track": "economy",
    "audiences": ["business", "citizen"],
    "level": "intermediate",
    "hours": 3,
    "needs_moderation": False,
    "modules": [
        {
            "title": "Từ vấn đề đô thị đến cơ hội",
            "lessons": [
                {
                    "slug": "doi-moi-sang-tao-trong-do-thi-thong-minh",
                    "title": "Đổi mới sáng tạo trong đô thị thông minh",
                    "minutes": 20,
                    "free_preview": True,
                    "body": [
                        ("heading", "Đô thị là nơi thử nghiệm ý tưởng mới"),
                        ("paragraph", "Kinh tế và đổi mới là một trong sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT. Đô thị thông minh không chỉ là chính quyền ứng dụng công nghệ, mà còn là môi trường để doanh nghiệp, nhà khoa học, sinh viên và người dân cùng tạo ra giải pháp mới cho các vấn đề của đô thị. Những bài toán như quản lý rác thải, kết nối nông sản với người tiêu dùng, đặt lịch khám bệnh, tìm chỗ đỗ xe hay hỗ trợ du khách đều có thể trở thành cơ hội khởi nghiệp."),
                        ("paragraph", "Đổi mới sáng tạo không nhất thiết phải là phát minh công nghệ cao. Một hợp tác xã đưa thông tin truy xuất nguồn gốc sản phẩm lên mã QR, một cửa hàng nhỏ dùng dữ liệu bán hàng để giảm hàng tồn, hay một nhóm thanh niên làm bản đồ số về các điểm du lịch cộng đồng đều là đổi mới nếu tạo ra giá trị mới cho người dùng. Điều cốt lõi là hiểu người dùng, thử nghiệm nhanh với chi phí thấp và sẵn sàng điều chỉnh dựa trên phản hồi."),
                        ("heading", "Bắt đầu từ lợi thế của địa phương"),
                        ("list", [
                            "Nông nghiệp và chế biến nông sản.",
                            "Du lịch văn hóa, tâm linh và sinh thái.",
                            "Các khu công nghiệp và nhu cầu kết nối lao động.",
                            "Dịch vụ cho cư dân đô thị.",
                        ]),
                        ("paragraph", "Mỗi địa phương có lợi thế riêng để phát triển đổi mới sáng tạo. Tây Ninh có thế mạnh về nông nghiệp, chế biến nông sản, du lịch và công nghiệp; sau khi hợp nhất với tỉnh Long An trước đây, không gian phát triển của tỉnh càng đa dạng hơn. Các giải pháp số giúp nâng giá trị nông sản, quảng bá điểm đến hay kết nối người lao động với doanh nghiệp có nhiều tiềm năng ứng dụng. Người khởi nghiệp nên bắt đầu từ những vấn đề mình hiểu rõ tại địa phương thay vì sao chép nguyên mẫu mô hình ở nơi khác."),
                        ("callout", {"kind": "tip", "text": "Hãy ghi lại mỗi lần bạn hoặc người quanh bạn phải chờ đợi, đi lại nhiều lần hay tốn công vô ích. Mỗi ghi chép là một ý tưởng tiềm năng."}),
                        ("takeaways", [
                            "Kinh tế và đổi mới là một trong sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT.",
                            "Đổi mới sáng tạo là tạo giá trị mới cho người dùng, không nhất thiết là công nghệ cao.",
                            "Bắt đầu từ vấn đề mình hiểu rõ và lợi thế của địa phương.",
                        ]),
                    ],
                },
                {
                    "slug": "tu-y-tuong-den-mo-hinh-kinh-doanh",
                    "title": "Từ ý tưởng đến mô hình kinh doanh số",
                    "minutes": 30,
                    "free_preview": False,
                    "body": [
                        ("heading", "Kiểm chứng vấn đề trước khi làm sản phẩm"),
                        ("paragraph", "Nhiều ý tưởng khởi nghiệp không thành công không phải vì công nghệ kém mà vì giải quyết một vấn đề không ai thật sự cần. Trước khi đầu tư làm sản phẩm, hãy trò chuyện với nhiều người dùng tiềm năng để hiểu họ gặp khó khăn gì, hiện đang xử lý ra sao và có sẵn sàng trả tiền cho giải pháp tốt hơn không. Ghi chép lại những điều nghe được, đặc biệt là những câu trả lời làm mình bất ngờ, vì đó thường là chỗ ý tưởng cần điều chỉnh."),
                        ("paragraph", "Sau khi xác định được vấn đề, hãy làm một sản phẩm mẫu đơn giản nhất có thể để thử nghiệm: một trang giới thiệu, một biểu mẫu đặt hàng, hay một ứng dụng với vài chức năng chính. Mục tiêu là đo xem người dùng có thật sự sử dụng hay không. Mô hình kinh doanh cần trả lời rõ: khách hàng là ai, giá trị mang lại là gì, thu tiền bằng cách nào, chi phí chính là gì và làm sao tiếp cận khách hàng với chi phí hợp lý."),
                        ("list", [
                            "Khách hàng mục tiêu.",
                            "Vấn đề và giá trị mang lại.",
                            "Kênh tiếp cận khách hàng.",
                            "Nguồn doanh thu.",
                            "Chi phí chính.",
                        ]),
                        ("heading", "Tuân thủ pháp luật ngay từ đầu"),
                        ("paragraph", "Sản phẩm số thường thu thập dữ liệu người dùng, vì vậy người khởi nghiệp cần thiết kế tuân thủ Luật Bảo vệ dữ liệu cá nhân 2025 ngay từ phiên bản đầu tiên: chỉ thu thập dữ liệu cần thiết, xin sự đồng ý rõ ràng, cho phép người dùng xem và yêu cầu xóa dữ liệu. Ngoài ra, cần đăng ký kinh doanh phù hợp, bảo vệ tên thương hiệu và thỏa thuận rõ về quyền sở hữu sản phẩm giữa các thành viên sáng lập. Làm đúng từ đầu rẻ hơn nhiều so với sửa sai khi đã có đông người dùng."),
                        ("self_check", {
                            "question": "Mục tiêu chính của sản phẩm mẫu đơn giản trong giai đoạn đầu là gì?",
                            "choices": [
                                "Đo xem người dùng có thật sự sử dụng hay không",
                                "Gây ấn tượng bằng nhiều tính năng",
                                "Thay thế việc trò chuyện với người dùng",
                                "Thu thập càng nhiều dữ liệu cá nhân càng tốt",
                            ],
                            "correct": 0,
                            "explanation": "Sản phẩm mẫu giúp kiểm chứng nhu cầu thực tế với chi phí thấp trước khi đầu tư lớn.",
                        }),
                        ("takeaways", [
                            "Kiểm chứng vấn đề bằng cách trò chuyện với người dùng trước khi làm sản phẩm.",
                            "Sản phẩm mẫu đơn giản giúp đo nhu cầu thật với chi phí thấp.",
                            "Tuân thủ bảo vệ dữ liệu cá nhân, đăng ký kinh doanh và thỏa thuận sở hữu ngay từ đầu.",
                        ]),
                    ],
                },
            ],
        },
        {
            "title": "Hợp tác để nhân rộng",
            "lessons": [
                {
                    "slug": "hop-tac-voi-chinh-quyen-va-du-lieu-mo",
                    "title": "Hợp tác với chính quyền và khai thác dữ liệu mở",
                    "minutes": 25,
                    "free_preview": False,
                    "body": [
                        ("heading", "Chính quyền là bên đặt bài toán và đối tác"),
                        ("paragraph", "Trong đô thị thông minh, chính quyền vừa là bên đặt ra bài toán, vừa có thể là khách hàng, đối tác của doanh nghiệp đổi mới sáng tạo. Các sở, ngành và UBND xã, phường có nhiều nhu cầu như tiếp nhận phản ánh, quản lý hạ tầng, giám sát môi trường, hỗ trợ người dân sử dụng dịch vụ số. Khi doanh nghiệp hiểu rõ quy trình, quy định và ưu tiên của cơ quan nhà nước, giải pháp đề xuất sẽ thiết thực hơn và dễ được thử nghiệm."),
                        ("paragraph", "Dữ liệu mở là dữ liệu được cơ quan nhà nước công bố rộng rãi để tổ chức, cá nhân sử dụng, tái sử dụng theo điều kiện công bố. Dữ liệu về danh mục thủ tục hành chính, điểm du lịch, vị trí các công trình công cộng hay dữ liệu môi trường tổng hợp có thể là nguyên liệu cho các ứng dụng mới. Khi sử dụng, doanh nghiệp cần ghi rõ nguồn, tuân thủ điều kiện sử dụng và kiểm tra thời điểm cập nhật của dữ liệu. Dữ liệu mở không được chứa dữ liệu cá nhân chưa khử nhận dạng."),
                        ("heading", "Tham gia một cách chuyên nghiệp"),
                        ("list", [
                            "Hồ sơ năng lực ngắn gọn, trung thực.",
                            "Trình bày theo vấn đề cần giải quyết, hạn chế thuật ngữ.",
                            "Đề xuất thử nghiệm quy mô nhỏ với chỉ số đánh giá rõ ràng.",
                            "Tuân thủ quy định về đầu tư, mua sắm công và bảo vệ dữ liệu.",
                        ]),
                        ("paragraph", "Để hợp tác hiệu quả, doanh nghiệp nên chuẩn bị hồ sơ năng lực ngắn gọn, trình bày giải pháp bằng ngôn ngữ của vấn đề cần giải quyết thay vì thuật ngữ công nghệ, và đề xuất thử nghiệm ở quy mô nhỏ có chỉ số đánh giá rõ ràng. Mọi hợp tác với cơ quan nhà nước đều phải tuân thủ quy định về đầu tư, mua sắm công và bảo vệ dữ liệu. Sự minh bạch, đúng quy trình là nền tảng để quan hệ hợp tác bền vững và để giải pháp tốt được nhân rộng."),
                        ("callout", {"kind": "note", "text": "Người dân cũng có thể đóng góp cho đổi mới sáng tạo bằng cách tham gia khảo sát, dùng thử và phản hồi các dịch vụ số mới của địa phương."}),
                        ("takeaways", [
                            "Chính quyền vừa đặt bài toán vừa có thể là khách hàng, đối tác của doanh nghiệp.",
                            "Dữ liệu mở là nguyên liệu cho ứng dụng mới; cần ghi nguồn và tuân thủ điều kiện sử dụng.",
                            "Hợp tác chuyên nghiệp: thử nghiệm nhỏ, chỉ số rõ ràng, đúng quy định.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Theo bài học, yếu tố cốt lõi của đổi mới sáng tạo là gì?",
            "choices": [
                "Hiểu người dùng, thử nghiệm nhanh với chi phí thấp và điều chỉnh theo phản hồi",
                "Phải có phát minh công nghệ cao",
                "Sao chép nguyên mẫu mô hình thành công ở nơi khác",
                "Đầu tư thật lớn ngay từ đầu",
            ],
            "correct": [0],
            "feedback": "Đổi mới sáng tạo là tạo giá trị mới cho người dùng, không nhất thiết là công nghệ cao.",
        },
        {
            "type": "multiple",
            "text": "Những thành phần nào thuộc mô hình kinh doanh được nêu trong bài học?",
            "choices": ["Khách hàng mục tiêu", "Nguồn doanh thu", "Chi phí chính", "Số lượng thiết bị văn phòng"],
            "correct": [0, 1, 2],
            "feedback": "Mô hình kinh doanh gồm: khách hàng, giá trị, kênh tiếp cận, nguồn doanh thu và chi phí chính.",
        },
        {
            "type": "truefalse",
            "text": "Dữ liệu mở do cơ quan nhà nước công bố có thể chứa dữ liệu cá nhân chưa khử nhận dạng.",
            "correct": False,
            "feedback": "Dữ liệu mở không được chứa dữ liệu cá nhân chưa khử nhận dạng.",
        },
        {
            "type": "short",
            "text": "Loại dữ liệu do cơ quan nhà nước công bố rộng rãi để tổ chức, cá nhân tự do tái sử dụng theo điều kiện công bố gọi là gì?",
            "answers": ["dữ liệu mở", "open data"],
            "feedback": "Đó là dữ liệu mở.",
        },
        {
            "type": "matching",
            "text": "Ghép giai đoạn khởi nghiệp với việc cần làm.",
            "pairs": [
                ["Kiểm chứng vấn đề", "Trò chuyện với người dùng tiềm năng"],
                ["Thử nghiệm", "Làm sản phẩm mẫu đơn giản nhất"],
                ["Tuân thủ", "Thiết kế bảo vệ dữ liệu cá nhân từ phiên bản đầu"],
                ["Hợp tác", "Đề xuất thử nghiệm nhỏ có chỉ số đánh giá"],
            ],
            "feedback": "Đi từng bước giúp giảm rủi ro và chi phí thử sai.",
        },
        {
            "type": "truefalse",
            "text": "Kinh tế và đổi mới là một trong sáu nhóm nhiệm vụ trọng tâm tại Công văn 171/UBND-KT.",
            "correct": True,
            "feedback": "Đây là một trong sáu nhóm nhiệm vụ trọng tâm về phát triển đô thị thông minh của tỉnh.",
        },
    ],
}

# ---------------------------------------------------------------------------
# 10. planning / officials -- draft awaiting review (needs_moderation=True)
# ---------------------------------------------------------------------------
_CHUAN_DU_LIEU_QUY_HOACH = {
    "slug": "chuan-hoa-du-lieu-quy-hoach",
    "title": "Chuẩn hóa dữ liệu quy hoạch cho đô thị thông minh",
    "summary": (
        # The summary is what learners read once the course is live: its review status is not part of it (#14).
        "Khóa học chuyên sâu về tổ chức, mô tả và chia sẻ dữ liệu quy hoạch theo một chuẩn thống nhất, "
        "phục vụ quản lý, cấp phép và tra cứu công khai."
    ),
    "objectives": [
        "Giải thích vì sao dữ liệu quy hoạch cần được chuẩn hóa",
        "Mô tả các lớp dữ liệu, hệ tọa độ và siêu dữ liệu của một bộ dữ liệu quy hoạch số",
        "Tổ chức quy trình cập nhật, công bố và chia sẻ dữ liệu quy hoạch theo vòng đời đồ án",
    ],
    "track": "planning",
    "audiences": ["official"],
    "level": "advanced",
    "hours": 4,
    "needs_moderation": True,
    "modules": [
        {
            "title": "Dữ liệu quy hoạch số",
            "lessons": [
                {
                    "slug": "vi-sao-can-chuan-hoa",
                    "title": "Vì sao cần chuẩn hóa dữ liệu quy hoạch?",
                    "minutes": 25,
                    "free_preview": True,
                    "body": [
                        ("heading", "Từ bản vẽ đến dữ liệu"),
                        ("paragraph", "Đồ án quy hoạch thường được thể hiện bằng bản vẽ và thuyết minh; dù được lập bằng phần mềm, sản phẩm giao nộp nhiều khi vẫn chỉ là tệp bản vẽ hoặc tệp ảnh. Những tệp này phù hợp để in ấn, nhưng khó tra cứu theo vị trí, khó chồng ghép với dữ liệu đất đai, hạ tầng và khó chia sẻ giữa các hệ thống. Dữ liệu quy hoạch số, ngược lại, mô tả từng đối tượng như ô đất, tuyến đường, khu chức năng kèm các thuộc tính có cấu trúc, cho phép máy tính tìm kiếm, phân tích và kết nối."),
                        ("paragraph", "Chuẩn hóa dữ liệu quy hoạch nghĩa là thống nhất cách tổ chức, đặt tên, mã hóa và mô tả dữ liệu giữa các đồ án, các đơn vị tư vấn và các cơ quan quản lý. Khi không có chuẩn chung, mỗi đồ án dùng một cách đặt tên lớp, một bảng mã chức năng, thậm chí một hệ tọa độ khác nhau, khiến việc ghép nối trở thành công việc thủ công tốn kém và dễ sai. Chuẩn hóa là điều kiện cần để thực hiện quan điểm coi hạ tầng dữ liệu là hạ tầng thiết yếu mà Công văn 171/UBND-KT đã nêu."),
                        ("heading", "Lợi ích cho các bên"),
                        ("list", [
                            "Cơ quan quản lý: tổng hợp toàn tỉnh, phát hiện chồng lấn, cấp phép nhanh hơn.",
                            "Đơn vị tư vấn: biết trước yêu cầu giao nộp, giảm chỉnh sửa.",
                            "Người dân, doanh nghiệp: tra cứu thông tin thống nhất giữa các nguồn.",
                        ]),
                        ("paragraph", "Lợi ích của chuẩn hóa đến với nhiều đối tượng. Cơ quan quản lý có thể tổng hợp dữ liệu toàn tỉnh, phát hiện chồng lấn giữa các quy hoạch và phục vụ cấp phép xây dựng nhanh hơn. Đơn vị tư vấn biết trước yêu cầu giao nộp sản phẩm nên giảm số lần chỉnh sửa. Người dân và doanh nghiệp được tra cứu thông tin quy hoạch thống nhất, không mâu thuẫn giữa các nguồn. Trong bối cảnh tỉnh Tây Ninh đã hợp nhất với tỉnh Long An trước đây, việc đưa dữ liệu quy hoạch của hai địa bàn về cùng một chuẩn càng có ý nghĩa."),
                        ("callout", {"kind": "warning", "text": "Khóa học đang ở dạng bản thảo. Người duyệt nội dung cần đối chiếu với các quy định kỹ thuật hiện hành về dữ liệu quy hoạch trước khi công bố."}),
                        ("takeaways", [
                            "Tệp bản vẽ phù hợp để in nhưng không đủ cho tra cứu, phân tích và chia sẻ.",
                            "Chuẩn hóa là thống nhất cách tổ chức, đặt tên, mã hóa và mô tả dữ liệu.",
                            "Chuẩn chung đặc biệt cần thiết khi hợp nhất dữ liệu của các địa bàn sau sắp xếp.",
                        ]),
                    ],
                },
                {
                    "slug": "thanh-phan-bo-du-lieu-quy-hoach",
                    "title": "Thành phần của một bộ dữ liệu quy hoạch số",
                    "minutes": 35,
                    "free_preview": False,
                    "body": [
                        ("heading", "Các lớp dữ liệu chính"),
                        ("paragraph", "Một bộ dữ liệu quy hoạch số thường gồm nhiều lớp. Lớp nền địa hình, ranh giới hành chính và hiện trạng giúp định vị. Lớp sử dụng đất quy hoạch thể hiện các ô đất với chức năng, diện tích, mật độ xây dựng, tầng cao và hệ số sử dụng đất. Lớp giao thông thể hiện tim đường, lộ giới, chỉ giới đường đỏ. Các lớp hạ tầng kỹ thuật thể hiện cấp nước, thoát nước, cấp điện, chiếu sáng, viễn thông. Mỗi đối tượng cần có mã định danh duy nhất để liên kết với các dữ liệu khác."),
                        ("list", [
                            "Nền: địa hình, ranh giới hành chính, hiện trạng.",
                            "Sử dụng đất: chức năng, mật độ, tầng cao, hệ số sử dụng đất.",
                            "Giao thông: tim đường, lộ giới, chỉ giới đường đỏ.",
                            "Hạ tầng kỹ thuật: cấp nước, thoát nước, điện, chiếu sáng, viễn thông.",
                        ]),
                        ("paragraph", "Tất cả các lớp phải dùng cùng một hệ quy chiếu và hệ tọa độ. Ở Việt Nam, hệ tọa độ quốc gia VN-2000 là cơ sở thống nhất cho dữ liệu bản đồ; khi nhận dữ liệu từ nguồn dùng hệ tọa độ khác, cần chuyển đổi và ghi rõ tham số chuyển đổi đã dùng. Ranh giới hành chính phải được cập nhật theo đơn vị xã, phường sau sắp xếp từ ngày 01/7/2025; nếu dùng ranh giới cũ, dữ liệu tổng hợp theo địa bàn sẽ sai lệch và khó đối chiếu với các hệ thống khác."),
                        ("heading", "Siêu dữ liệu"),
                        ("paragraph", "Siêu dữ liệu là dữ liệu mô tả về dữ liệu: bộ dữ liệu này là gì, do cơ quan nào lập và chịu trách nhiệm, căn cứ vào quyết định phê duyệt nào, cập nhật lần cuối khi nào, dùng hệ tọa độ nào, độ chính xác ra sao và được chia sẻ với điều kiện nào. Thiếu siêu dữ liệu, người dùng không thể đánh giá độ tin cậy và có thể dùng nhầm một phiên bản đã hết hiệu lực. Vì vậy, siêu dữ liệu nên được coi là thành phần bắt buộc khi giao nộp sản phẩm quy hoạch."),
                        ("callout", {"kind": "note", "text": "Mã định danh của đối tượng không nên thay đổi khi chỉ sửa thuộc tính; nhờ vậy các hệ thống khác vẫn liên kết đúng sau mỗi lần cập nhật."}),
                        ("self_check", {
                            "question": "Hệ tọa độ quốc gia dùng làm cơ sở thống nhất cho dữ liệu bản đồ ở Việt Nam là gì?",
                            "choices": ["VN-2000", "Hệ tọa độ riêng của từng đồ án", "Tọa độ pixel của ảnh quét", "Không cần hệ tọa độ"],
                            "correct": 0,
                            "explanation": "VN-2000 là hệ tọa độ quốc gia; các lớp dữ liệu phải dùng chung hệ quy chiếu để chồng ghép chính xác.",
                        }),
                        ("takeaways", [
                            "Bộ dữ liệu gồm các lớp nền, sử dụng đất, giao thông và hạ tầng kỹ thuật, mỗi đối tượng có mã định danh duy nhất.",
                            "Mọi lớp dùng chung hệ tọa độ VN-2000 và ranh giới xã, phường hiện hành.",
                            "Siêu dữ liệu cho biết nguồn gốc, căn cứ, thời điểm và điều kiện sử dụng của dữ liệu.",
                        ]),
                    ],
                },
                {
                    "slug": "cap-nhat-cong-bo-chia-se",
                    "title": "Cập nhật, công bố và chia sẻ dữ liệu quy hoạch",
                    "minutes": 30,
                    "free_preview": False,
                    "body": [
                        ("heading", "Vòng đời của dữ liệu quy hoạch"),
                        ("paragraph", "Dữ liệu quy hoạch có vòng đời gắn với vòng đời của đồ án: lập, lấy ý kiến, thẩm định, phê duyệt, công bố, điều chỉnh và thực hiện. Ở mỗi giai đoạn, cần xác định phiên bản dữ liệu nào là chính thức. Dữ liệu đang lấy ý kiến phải được ghi rõ là dự thảo; dữ liệu sau phê duyệt phải gắn với quyết định phê duyệt; khi có điều chỉnh, phiên bản cũ được lưu trữ chứ không bị ghi đè, để có thể tra cứu lịch sử khi giải quyết tranh chấp hay thanh tra, kiểm tra."),
                        ("list", [
                            "Dự thảo: ghi rõ trạng thái, chỉ dùng để lấy ý kiến.",
                            "Phê duyệt: gắn với quyết định phê duyệt.",
                            "Điều chỉnh: tạo phiên bản mới, lưu phiên bản cũ.",
                        ]),
                        ("paragraph", "Công bố dữ liệu quy hoạch đã phê duyệt giúp người dân, doanh nghiệp chủ động tra cứu. Dữ liệu công bố nên ở định dạng mà phần mềm phổ biến đọc được, kèm bản đồ trực tuyến dễ dùng cho người không chuyên. Cần phân biệt rõ dữ liệu được công khai rộng rãi với dữ liệu chỉ chia sẻ nội bộ giữa các cơ quan; chẳng hạn thông tin gắn với người sử dụng đất là dữ liệu cá nhân, phải được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân 2025."),
                        ("heading", "Phân công trách nhiệm"),
                        ("paragraph", "Để dữ liệu luôn đúng, cần phân công rõ: đơn vị tư vấn giao nộp dữ liệu theo chuẩn; cơ quan thẩm định kiểm tra tính đầy đủ và đúng chuẩn của dữ liệu cùng với hồ sơ; cơ quan quản lý cơ sở dữ liệu cấp tỉnh tích hợp và công bố; UBND xã, phường phản hồi khi phát hiện sai khác giữa dữ liệu và thực địa. Một quy trình tiếp nhận phản hồi về sai sót dữ liệu, kể cả từ người dân, giúp chất lượng dữ liệu được cải thiện liên tục."),
                        ("callout", {"kind": "tip", "text": "Đưa bước kiểm tra dữ liệu theo chuẩn vào cùng lúc với thẩm định hồ sơ, thay vì kiểm tra sau khi đồ án đã được phê duyệt."}),
                        ("takeaways", [
                            "Mỗi giai đoạn của đồ án có một phiên bản dữ liệu chính thức; không ghi đè phiên bản cũ.",
                            "Công bố dữ liệu đã phê duyệt ở định dạng phổ biến; bảo vệ dữ liệu cá nhân gắn với người sử dụng đất.",
                            "Tư vấn, thẩm định, quản lý cấp tỉnh và UBND xã, phường mỗi bên có trách nhiệm rõ ràng.",
                        ]),
                    ],
                },
            ],
        },
    ],
    "quiz": [
        {
            "type": "single",
            "text": "Chuẩn hóa dữ liệu quy hoạch nghĩa là gì?",
            "choices": [
                "Thống nhất cách tổ chức, đặt tên, mã hóa và mô tả dữ liệu",
                "Chuyển tất cả bản vẽ sang tệp ảnh",
                "Mỗi đồ án tự chọn hệ tọa độ riêng",
                "Chỉ lưu dữ liệu trên giấy",
            ],
            "correct": [0],
            "feedback": "Chuẩn chung giúp ghép nối, tổng hợp và chia sẻ dữ liệu giữa các đồ án và cơ quan.",
        },
        {
            "type": "short",
            "text": "Tên hệ tọa độ quốc gia dùng làm cơ sở thống nhất cho dữ liệu bản đồ ở Việt Nam?",
            "answers": ["VN-2000", "VN2000", "VN 2000"],
            "feedback": "Đó là hệ tọa độ quốc gia VN-2000.",
        },
        {
            "type": "multiple",
            "text": "Siêu dữ liệu của một bộ dữ liệu quy hoạch nên cho biết những gì?",
            "choices": [
                "Cơ quan lập và chịu trách nhiệm",
                "Quyết định phê duyệt làm căn cứ",
                "Thời điểm cập nhật lần cuối",
                "Sở thích cá nhân của người nhập liệu",
            ],
            "correct": [0, 1, 2],
            "feedback": "Siêu dữ liệu mô tả nguồn gốc, căn cứ, thời điểm, hệ tọa độ, độ chính xác và điều kiện chia sẻ.",
        },
        {
            "type": "truefalse",
            "text": "Khi điều chỉnh quy hoạch, nên ghi đè lên phiên bản dữ liệu cũ để tránh nhầm lẫn.",
            "correct": False,
            "feedback": "Phiên bản cũ phải được lưu trữ để tra cứu lịch sử khi giải quyết tranh chấp hay thanh tra, kiểm tra.",
        },
        {
            "type": "matching",
            "text": "Ghép bên tham gia với trách nhiệm về dữ liệu quy hoạch.",
            "pairs": [
                ["Đơn vị tư vấn", "Giao nộp dữ liệu theo chuẩn"],
                ["Cơ quan thẩm định", "Kiểm tra tính đầy đủ, đúng chuẩn cùng hồ sơ"],
                ["Cơ quan quản lý cơ sở dữ liệu cấp tỉnh", "Tích hợp và công bố"],
                ["UBND xã, phường", "Phản hồi sai khác giữa dữ liệu và thực địa"],
            ],
            "feedback": "Phân công rõ ràng giúp dữ liệu luôn đúng và được cải thiện liên tục.",
        },
        {
            "type": "truefalse",
            "text": "Ranh giới hành chính trong dữ liệu quy hoạch cần được cập nhật theo đơn vị xã, phường sau sắp xếp từ ngày 01/7/2025.",
            "correct": True,
            "feedback": "Dùng ranh giới cũ sẽ làm sai lệch dữ liệu tổng hợp theo địa bàn.",
        },
    ],
}

# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------
COURSES: list[dict] = [
    _GIOI_THIEU,
    _DICH_VU_CONG,
    _CHUYEN_DOI_SO_DN,
    _HA_TANG_SO,
    _GOP_Y_QUY_HOACH,
    _CAP_PHEP_XAY_DUNG,
    _KY_NANG_SO,
    _BAO_VE_DU_LIEU,
    _DOI_MOI_SANG_TAO,
    _CHUAN_DU_LIEU_QUY_HOACH,
]


if __name__ == "__main__":
    import re
    import unicodedata
    from collections import Counter

    TRACKS = {"planning", "infrastructure", "construction", "utilities", "economy", "community"}
    AUDIENCES = {"official", "citizen", "business"}
    LEVELS = {"basic", "intermediate", "advanced"}
    COURSE_KEYS = {"slug", "title", "summary", "objectives", "track", "audiences", "level", "hours",
                   "needs_moderation", "modules", "quiz"}
    LESSON_KEYS = {"slug", "title", "minutes", "free_preview", "body"}
    BLOCK_TYPES = {"heading", "paragraph", "list", "callout", "takeaways", "self_check", "image", "table", "document",
                   "scorm"}
    QUESTION_TYPES = {"single", "multiple", "truefalse", "short", "matching"}
    SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def words(text):
        return len(text.split())

    def strings(obj):
        """Yield every string nested anywhere in obj."""
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for key, value in obj.items():
                yield from strings(key)
                yield from strings(value)
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                yield from strings(item)

    def nonempty_str(value):
        return isinstance(value, str) and value.strip() != ""

    assert isinstance(COURSES, list) and len(COURSES) >= 9, "need at least 9 courses"
    course_slugs = [c["slug"] for c in COURSES]
    assert len(set(course_slugs)) == len(course_slugs), "duplicate course slug"

    audience_counts = Counter()
    track_counts = Counter()
    type_counts = Counter()
    lesson_total = paragraph_total = question_total = prose_words_total = 0

    for c in COURSES:
        where = c.get("slug", "?")
        assert set(c) == COURSE_KEYS, (where, set(c) ^ COURSE_KEYS)
        assert SLUG.match(c["slug"]), where
        assert nonempty_str(c["title"]) and nonempty_str(c["summary"]), where
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", c["summary"])) <= 2, (where, "summary 1-2 sentences")
        assert 3 <= len(c["objectives"]) <= 5 and all(nonempty_str(o) for o in c["objectives"]), where
        assert c["track"] in TRACKS, where
        assert c["audiences"] and set(c["audiences"]) <= AUDIENCES, where
        assert len(set(c["audiences"])) == len(c["audiences"]), where
        assert c["level"] in LEVELS, where
        assert type(c["hours"]) is int and 1 <= c["hours"] <= 8, where
        assert type(c["needs_moderation"]) is bool, where
        track_counts[c["track"]] += 1
        audience_counts.update(c["audiences"])

        assert 1 <= len(c["modules"]) <= 2, where
        lessons = []
        for module in c["modules"]:
            assert set(module) == {"title", "lessons"} and nonempty_str(module["title"]), where
            assert module["lessons"], where
            lessons.extend(module["lessons"])
        assert 3 <= len(lessons) <= 5, (where, len(lessons))
        lesson_slugs = [lesson["slug"] for lesson in lessons]
        assert len(set(lesson_slugs)) == len(lesson_slugs), (where, "duplicate lesson slug")

        for index, lesson in enumerate(lessons):
            lw = f"{where}/{lesson.get('slug', '?')}"
            assert set(lesson) == LESSON_KEYS, (lw, set(lesson) ^ LESSON_KEYS)
            assert SLUG.match(lesson["slug"]) and nonempty_str(lesson["title"]), lw
            assert type(lesson["minutes"]) is int and 10 <= lesson["minutes"] <= 40, lw
            assert lesson["free_preview"] is (index == 0), (lw, "free_preview must be True only on first lesson")
            body = lesson["body"]
            kinds = []
            for block in body:
                assert isinstance(block, tuple) and len(block) == 2, (lw, block)
                kind, value = block
                assert kind in BLOCK_TYPES, (lw, kind)
                kinds.append(kind)
                if kind in ("heading", "paragraph"):
                    assert nonempty_str(value), lw
                elif kind in ("list", "takeaways"):
                    assert isinstance(value, list) and value and all(nonempty_str(v) for v in value), lw
                elif kind == "callout":
                    assert set(value) == {"kind", "text"} and value["kind"] in {"note", "warning", "tip"}, lw
                    assert nonempty_str(value["text"]), lw
                elif kind == "self_check":
                    assert set(value) == {"question", "choices", "correct", "explanation"}, lw
                    assert len(value["choices"]) >= 2 and all(nonempty_str(x) for x in value["choices"]), lw
                    assert type(value["correct"]) is int and 0 <= value["correct"] < len(value["choices"]), lw
                    assert nonempty_str(value["question"]) and nonempty_str(value["explanation"]), lw
                elif kind == "image":
                    assert set(value) == {"key", "alt", "caption"}, lw
                    assert nonempty_str(value["alt"]) and len(value["alt"]) <= 250, (lw, len(value["alt"]))
                elif kind == "table":
                    assert set(value) == {"caption", "columns", "rows"} and nonempty_str(value["caption"]), lw
                    assert all(len(row) == len(value["columns"]) for row in value["rows"]), lw
                elif kind == "document":
                    assert set(value) == {"key", "title"} and nonempty_str(value["title"]), lw
            paragraphs = [v for k, v in body if k == "paragraph"]
            assert len(paragraphs) >= 3, (lw, "need >= 3 paragraphs")
            for p in paragraphs:
                assert 60 <= words(p) <= 160, (lw, words(p), p[:60])
            prose = sum(words(p) for p in paragraphs) + sum(words(v["text"]) for k, v in body if k == "callout")
            assert 250 <= prose <= 600, (lw, prose)
            assert 1 <= kinds.count("heading") <= 2, (lw, "1-2 headings")
            assert kinds.count("takeaways") == 1, (lw, "exactly one takeaways")
            assert kinds.index("takeaways") >= len(kinds) - 2, (lw, "takeaways near the end")
            assert kinds[0] == "heading", lw
            lesson_total += 1
            paragraph_total += len(paragraphs)
            prose_words_total += prose

        quiz = c["quiz"]
        assert 6 <= len(quiz) <= 8, (where, len(quiz))
        assert len({q["type"] for q in quiz}) >= 3, (where, "quiz needs >= 3 question types")
        for q in quiz:
            qt = q["type"]
            assert qt in QUESTION_TYPES, (where, qt)
            assert nonempty_str(q["text"]) and nonempty_str(q["feedback"]), where
            if qt == "single":
                assert set(q) == {"type", "text", "choices", "correct", "feedback"}, where
                assert len(q["choices"]) == 4 and len(set(q["choices"])) == 4, (where, q["text"])
                assert isinstance(q["correct"], list) and len(q["correct"]) == 1, (where, q["text"])
                assert all(type(i) is int and 0 <= i < 4 for i in q["correct"]), (where, q["text"])
            elif qt == "multiple":
                assert set(q) == {"type", "text", "choices", "correct", "feedback"}, where
                n = len(q["choices"])
                assert 4 <= n <= 5 and len(set(q["choices"])) == n, (where, q["text"])
                assert isinstance(q["correct"], list) and 2 <= len(q["correct"]) < n, (where, q["text"])
                assert len(set(q["correct"])) == len(q["correct"]), (where, q["text"])
                assert all(type(i) is int and 0 <= i < n for i in q["correct"]), (where, q["text"])
            elif qt == "truefalse":
                assert set(q) == {"type", "text", "correct", "feedback"}, where
                assert type(q["correct"]) is bool, (where, q["text"])
            elif qt == "short":
                assert set(q) == {"type", "text", "answers", "feedback"}, where
                assert q["answers"] and all(nonempty_str(a) and 1 <= words(a) <= 3 for a in q["answers"]), (where, q["answers"])
            elif qt == "matching":
                assert set(q) == {"type", "text", "pairs", "feedback"}, where
                assert 3 <= len(q["pairs"]) <= 4, (where, q["text"])
                assert all(isinstance(p, list) and len(p) == 2 and all(nonempty_str(x) for x in p) for p in q["pairs"]), where
                assert len({p[0] for p in q["pairs"]}) == len(q["pairs"]), (where, "duplicate left side")
                assert len({p[1] for p in q["pairs"]}) == len(q["pairs"]), (where, "duplicate right side")
            type_counts[qt] += 1
            question_total += 1

    assert lesson_total >= 34, lesson_total
    assert set(track_counts) == TRACKS, track_counts
    assert all(audience_counts[a] >= 3 for a in AUDIENCES), audience_counts
    assert sum(c["needs_moderation"] for c in COURSES) == 1, "exactly one course needs moderation"
    assert set(type_counts) == QUESTION_TYPES, type_counts
    for s in strings(COURSES):
        assert unicodedata.is_normalized("NFC", s), s[:60]
        assert "http" not in s.lower() and "www." not in s.lower(), s[:60]

    characters = sum(len(s) for s in strings(COURSES))
    print(f"courses:    {len(COURSES)}")
    print(f"modules:    {sum(len(c['modules']) for c in COURSES)}")
    print(f"lessons:    {lesson_total}")
    print(f"paragraphs: {paragraph_total} ({prose_words_total} words of paragraph and callout prose)")
    print(f"questions:  {question_total} {dict(sorted(type_counts.items()))}")
    print(f"tracks:     {dict(sorted(track_counts.items()))}")
    print(f"audiences:  {dict(sorted(audience_counts.items()))}")
    print(f"levels:     {dict(sorted(Counter(c['level'] for c in COURSES).items()))}")
    print(f"hours:      {sum(c['hours'] for c in COURSES)}; "
          f"lesson minutes: {sum(l['minutes'] for c in COURSES for m in c['modules'] for l in m['lessons'])}")
    print(f"moderation: {[c['slug'] for c in COURSES if c['needs_moderation']]}")
    print(f"characters: {characters} in content strings")
    print("OK")
