// The town of Bến Vân and everything its people, its office and its local
// paper write in the demo. See demo_vocab.h for the template syntax; slots
// are filled in demo.cc (Generator::Slot).
#include "demo/demo_vocab.h"

namespace vox::demo::internal {

namespace {

constexpr Ward kWardList[] = {
    {"phường", "Bến Cũ", {"đường Trần Hưng Đạo", "đường Bạch Đằng", "ngõ Chợ Cá"}, "chợ Bến Vân", 14},
    {"phường", "Vân Hà", {"đường Lê Lợi", "đường Nguyễn Trãi", "đường Bờ Sông"}, "Bệnh viện Đa khoa thị xã", 13},
    {"phường", "Đông Thành", {"đường Quang Trung", "đường 30 Tháng 4", "đường Nguyễn Văn Cừ"}, "khu công nghiệp Đông Thành", 12},
    {"phường", "Ngọc Lâm", {"đường Hai Bà Trưng", "đường Lý Thường Kiệt", "hẻm 47 Lý Thường Kiệt"}, "trường THPT Ngọc Lâm", 10},
    {"phường", "Hòa An", {"đường Hùng Vương", "đường Phan Bội Châu", "đường Lê Thánh Tông"}, "quảng trường 2 Tháng 9", 11},
    {"phường", "Thượng Phố", {"đường Nguyễn Du", "đường Tô Hiến Thành", "đường Chu Văn An"}, "công viên Hồ Sen", 9},
    {"phường", "Bãi Dâu", {"đường Bãi Dâu", "đường Ngô Quyền", "đường đê Sông Vân"}, "cầu Vân Giang", 8},
    {"phường", "Tân Khê", {"đường Võ Thị Sáu", "đường Trần Phú", "đường Nguyễn Huệ"}, "bến xe Bến Vân", 9},
    {"xã", "Vân Sơn", {"tỉnh lộ 612", "đường thôn Đồi Thông", "đường lên nhà máy nước"}, "nhà máy nước Vân Sơn", 6},
    {"xã", "Phú Lộc", {"đường liên xã Phú Lộc", "đường thôn Phú Mỹ", "đường vào khu tái định cư"}, "khu tái định cư Phú Lộc", 7},
    {"xã", "Đồng Gạo", {"đường Đồng Gạo", "đường thôn Bàu Sen", "đường ra cánh đồng Bàu Sen"}, "trạm y tế xã Đồng Gạo", 5},
    {"xã", "Cồn Mây", {"đường ven sông Cồn Mây", "đường thôn Cồn Ngoài", "bến đò Cồn Mây"}, "bãi bồi Cồn Mây", 4},
    {"xã", "An Điềm", {"tỉnh lộ 612 đoạn An Điềm", "đường thôn Gò Mít", "đường chợ An Điềm"}, "chợ An Điềm", 5},
};

// ---------------------------------------------------------------- concerns

constexpr const char* kPostDatDai[] = {
    "[Dự án|Khu đô thị] Bờ Đông [đền bù|bồi thường] [có|chỉ có] {money}/m2 [đất vườn|đất ở] [thì sống sao nổi|trong khi giá ngoài thị trường gấp mấy lần]. [Bà con|Người dân] {wn} [bức xúc lắm|ai cũng lo]",
    "[Nhà em|Gia đình em|Nhà mình] ở {ward} [nằm trong|bị vướng] [quy hoạch|dự án] [từ năm 20{yy}|mấy năm nay] mà [chưa ai|không ai] [nói gì|trả lời] rõ ràng, [muốn sửa nhà|xin phép xây] cũng [không được|không cho]",
    "[Làm sổ đỏ|Xin cấp sổ đỏ|Làm bìa đỏ] [nộp|gửi] hồ sơ [từ|cách đây] {n} tháng [rồi|nay] vẫn [chưa có|chưa thấy], [lên hỏi|hỏi] thì [bảo|nói] chờ [tiếp|thêm]. [Ai có kinh nghiệm|Mọi người có ai bị vậy] không?",
    "[Tranh chấp|Lấn chiếm] [lối đi chung|đất] [với|của] [hàng xóm|nhà bên cạnh] ở {street}, [phường|xã] [hòa giải|mời lên] [mấy lần|hoài] [mà không xong|vẫn không giải quyết được]",
    "[Khu tái định cư|TĐC] Phú Lộc [chưa có|vẫn chưa có] [điện nước|đường nhựa|hạ tầng] [đầy đủ|gì hết] mà [yêu cầu|bắt] dân [chuyển vào|dọn về] [rồi|trước {date}]",
    "[Ai|Có ai] [biết|rành] thủ tục [tách thửa|chuyển mục đích sử dụng đất|cấp đổi sổ đỏ] ở {wn} [không|ko] ạ, [chỉ|hướng dẫn] em [với|]",
    "[Cắm mốc|Đo đạc] [giải phóng mặt bằng|GPMB] [ở|tại] {street} [hôm nay|sáng nay] [mà|nhưng] [không báo trước|dân không được họp], [ai có thông tin|ai biết] [cho|] [xin|hỏi] [với|]",
    "[Đất|Miếng đất] [nhà|của] [bố mẹ|ông bà] em [ở|tại] {ward} [bị|đã bị] [đo thiếu|ghi sai diện tích] [trên sổ|trong sổ đỏ], [giờ|bây giờ] [muốn|cần] [đính chính|điều chỉnh] [thì làm sao|phải làm thế nào]?",
};
constexpr const char* kCommentDatDai[] = {
    "[Đền bù|Giá đền bù] [vậy|như vậy] [là|thì] [quá thấp|không thỏa đáng]",
    "[Nhà|Nhà mình] [cũng|] [bị|đang] [vướng|treo] [quy hoạch|dự án] [y chang|giống vậy]",
    "[Phải|Cần] [công khai|niêm yết] [giá đền bù|phương án] [cho|để] dân [biết|được biết] [chứ|]",
    "[Lên|Đến] [bộ phận một cửa|phường|xã] [hỏi|hỏi thẳng] [cho|là] [rõ|chắc]",
    "Sổ đỏ [nhà em|nhà mình] [cũng|] [chờ|đợi] [nửa năm|gần 1 năm] [mới có|đó]",
    "[Dân|Bà con] [mình|] [chỉ mong|chỉ cần] [được|] [đối thoại|gặp lãnh đạo] [trực tiếp|]",
};
constexpr const char* kZaloDatDai[] = {
    "[Kính gửi UBND thị xã|Chào anh chị]. [Tôi|Em] [là|] người dân [ở|tại] {street}, {ward}. [Xin hỏi|Cho em hỏi] [phương án|giá] [bồi thường|đền bù] [dự án Bờ Đông|dự án] [đã|] [được|] [công khai|phê duyệt] [chưa|chưa ạ]?",
    "[Cho em hỏi|Xin hỏi] hồ sơ [cấp sổ đỏ|cấp giấy chứng nhận quyền sử dụng đất] [nộp|] [từ|ngày] {date} [đến nay|] [đang|] [ở khâu nào|xử lý tới đâu] [rồi|] ạ. [Mã hồ sơ|Số biên nhận] {nn}{nn}{nn}",
    "[Tôi|Em] [muốn|xin] [phản ánh|báo] [việc|] [đổ đất|xây dựng trái phép|lấn chiếm đất công] [tại|ở] {street}, {ward}, [đã|] [diễn ra|kéo dài] [mấy tuần|nhiều ngày] [nay|]",
    "[Xin|Cho] hỏi [thủ tục|hồ sơ] [tách thửa|chuyển nhượng đất] [cần|gồm] [những giấy tờ gì|gì] [và|,] [nộp ở đâu|làm ở đâu] ạ",
};
constexpr const char* kNewsTitleDatDai[] = {
    "{Tx}: đối thoại với người dân về phương án bồi thường dự án Khu đô thị Bờ Đông",
    "Hơn {nn} hộ dân {wn} [chờ|vẫn chờ] cấp giấy chứng nhận quyền sử dụng đất",
    "Xử lý [vi phạm|công trình xây dựng trái phép] trên đất nông nghiệp tại {ward}",
    "Khu tái định cư Phú Lộc [gấp rút|đẩy nhanh] hoàn thiện hạ tầng",
};
constexpr const char* kNewsBodyDatDai[] = {
    "Theo UBND thị xã, dự án Khu đô thị mới Bờ Đông có tổng diện tích khoảng {nn} ha, liên quan đến {nn}{n} hộ dân thuộc phường Đông Thành và xã Phú Lộc.",
    "Đến nay đã có {nn}% số hộ nhận tiền bồi thường và bàn giao mặt bằng.",
    "Nhiều hộ dân cho rằng đơn giá bồi thường đất vườn còn thấp so với giá chuyển nhượng thực tế.",
    "Lãnh đạo thị xã khẳng định mọi phương án bồi thường đều được niêm yết công khai tại trụ sở UBND {ward}.",
    "Phòng Tài nguyên và Môi trường thị xã cho biết đang rà soát {nn} hồ sơ tồn đọng, dự kiến hoàn thành trước ngày 30/11.",
    "Các trường hợp chưa đồng ý với phương án sẽ tiếp tục được vận động, đối thoại.",
    "Người dân có thể tra cứu tình trạng hồ sơ trên Cổng dịch vụ công của tỉnh.",
    "Khu tái định cư Phú Lộc hiện đã hoàn thành hệ thống cấp nước, đang thi công đường nội bộ.",
};
constexpr const char* kOfficeDatDai[] = {
    "THÔNG BÁO: UBND thị xã tổ chức [đối thoại|hội nghị đối thoại] với các hộ dân bị ảnh hưởng bởi dự án Khu đô thị mới Bờ Đông vào {h1}h00 ngày {date} tại hội trường UBND {ward}. Kính mời bà con tham dự đầy đủ.",
    "Phòng Tài nguyên và Môi trường thị xã [hướng dẫn|lưu ý] người dân: hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu nộp tại Bộ phận một cửa hoặc trên Cổng dịch vụ công; thời hạn giải quyết không quá 20 ngày làm việc, không tính thời gian niêm yết công khai.",
    "[Kết quả|Thông tin] giải phóng mặt bằng dự án Khu đô thị mới Bờ Đông đến ngày {date}: đã chi trả cho {nn}{n} hộ, còn {nn} hộ đang được xem xét phương án. Mọi thắc mắc xin liên hệ Ban bồi thường GPMB thị xã.",
};

constexpr const char* kPostNgap[] = {
    "[Mưa có|Mới mưa] [1 tiếng|nửa tiếng|chút xíu] mà {street} [đã|] ngập [tới|quá] [đầu gối|nửa bánh xe|yên xe] [rồi|]. [Năm nào cũng vậy|Năm nào cũng điệp khúc này]!",
    "[Đoạn|Khúc] {street} gần {lm} [ngập sâu|nước lên nhanh lắm], [bà con|mọi người] [đi lại|chạy xe] [chú ý|cẩn thận] [nha|nhé]",
    "[Cống|Mương thoát nước] [ở|khu] {street} [bị tắc|nghẹt rác|không thoát nước] [mấy tháng nay|lâu rồi], [mưa là|hễ mưa là] nước tràn vào nhà",
    "[Rác|Rác thải] [bị đổ|bị vứt] [bừa bãi|trộm] [ven|bờ] sông Vân [đoạn|chỗ] {wn}, [bốc mùi|hôi thối] [kinh khủng|không chịu nổi]",
    "[Khói|Mùi] [lạ|khét] [từ|bốc ra từ] khu công nghiệp Đông Thành [mỗi tối|đêm nào cũng có], [ngột ngạt|khó thở] [lắm|quá], [đề nghị|mong] [cơ quan chức năng|thị xã] [kiểm tra|vào cuộc]",
    "[Xe chở rác|Điểm tập kết rác] [ở|trên] {street} [để|bốc mùi] [cả ngày|từ sáng tới tối], [ruồi|nước rỉ rác] [nhiều quá|chảy ra đường]",
    "Cây [xanh|phượng] [trước|gần] {lm} [bị|đã] [nghiêng|mục gốc], [mưa gió|bão] [tới|về] [là|thì] [nguy hiểm|đổ mất], [mong|đề nghị] [cắt tỉa|xử lý] [sớm|]",
};
constexpr const char* kCommentNgap[] = {
    "[Chỗ|Khu] [em|mình] [cũng|] [ngập|ngập lênh láng] [luôn|rồi]",
    "[Làm|Sửa] [cống|đường] [mấy lần|bao nhiêu lần] [rồi|] [mà|vẫn] [ngập|vậy]",
    "[Xe|Xe em] [chết máy|ngập nước] [giữa đường|ngay {street}] [luôn|] 😭",
    "[Rác|Rác thải] [người dân|mình] [vứt|xả] [xuống cống|bừa] [thì|cũng] [phải|] [ngập thôi|chịu]",
    "[Đề nghị|Mong] [thị xã|phường] [nạo vét|khơi thông] [cống|mương] [trước mùa mưa|sớm]",
};
constexpr const char* kZaloNgap[] = {
    "[Em|Tôi] [xin|muốn] [phản ánh|báo] [tình trạng|] [ngập|cống tắc] [tại|ở] {street}, {ward}. [Mỗi khi|Hễ] mưa [là|thì] nước [tràn vào nhà|ngập sâu], [mong|đề nghị] [được|] [xử lý|khắc phục]",
    "[Cho em hỏi|Xin hỏi] [bao giờ|khi nào] [thì|] [nạo vét|sửa] [cống|mương] [ở|tại] {street} ạ, [ngập|nước đọng] [lâu rồi|cả tháng nay]",
    "[Phản ánh|Báo] [việc|] [đổ rác|đổ phế thải] [trái phép|ban đêm] [tại|ở] [ven sông Vân|{street}] thuộc {ward}, [có|] [hình ảnh|clip] [kèm theo|em gửi kèm]",
};
constexpr const char* kNewsTitleNgap[] = {
    "[Nạo vét|Khơi thông] hệ thống thoát nước [tại|ở] {ward} trước mùa mưa lũ",
    "Người dân {wn} bức xúc vì [rác thải|mùi hôi] ven sông Vân",
    "Kiểm tra [khí thải|nước thải] tại khu công nghiệp Đông Thành",
};
constexpr const char* kNewsBodyNgap[] = {
    "Theo phản ánh của người dân, tình trạng ngập cục bộ trên {street} kéo dài nhiều năm, mỗi trận mưa lớn nước dâng cao [20-30|30-40|40-50] cm.",
    "UBND {ward} cho biết đã phối hợp với đơn vị quản lý đô thị nạo vét {nn}0 m mương thoát nước.",
    "Đoàn kiểm tra liên ngành của thị xã đã lấy mẫu nước thải để phân tích, kết quả sẽ được công bố trong {n} ngày tới.",
    "Chính quyền địa phương khuyến cáo người dân không đổ rác xuống cống, mương.",
    "Dự án chống ngập khu trung tâm thị xã dự kiến khởi công trong quý I năm sau.",
    "Lực lượng chức năng đã lập biên bản {n} trường hợp đổ phế thải trái phép ven sông Vân.",
};
constexpr const char* kOfficeNgap[] = {
    "Ra quân [vệ sinh môi trường|làm sạch bờ sông Vân] [sáng Chủ nhật|sáng {wk}] ngày {date}: UBND thị xã kêu gọi đoàn viên thanh niên và bà con {ward} cùng tham gia. Tập trung lúc 6h30 tại {lm}.",
    "UBND thị xã đã chỉ đạo {ward} [nạo vét|khơi thông] mương thoát nước trên {street}, dự kiến hoàn thành trong {n} ngày. Trong thời gian thi công, mong bà con thông cảm.",
};

constexpr const char* kPostDienNuoc[] = {
    "[Mất điện|Cúp điện|Cắt điện] [từ sáng tới giờ|cả buổi chiều|suốt đêm qua] ở {street} {ward} mà [không thấy báo trước|không ai thông báo gì hết]. [Nóng muốn xỉu|Con nhỏ khóc cả đêm|Tủ lạnh hư hết đồ ăn]",
    "[Ai ở|Bà con] {ward} [có bị|cũng bị] mất nước không [ạ|vậy]? [Nhà em|Khu em] [từ tối qua|từ sáng] [vòi khô khốc|không có giọt nước nào|nước chảy yếu xìu]",
    "Nước máy khu {street} [hôm nay|mấy hôm nay] [đục ngầu|có mùi clo nặng|vàng như nước phèn], [ai biết|có ai biết] [lý do|sao vậy] không [ạ|]?",
    "Điện chập chờn [cả tối|suốt|liên tục] ở {ward}, [tắt bật|nháy] [cả chục lần|mấy lần], [cháy luôn cái quạt|hư cái ti vi] nhà [mình|em] rồi. [Đề nghị {dl} kiểm tra giúp|{dl} xem lại giúp] bà con với",
    "Hóa đơn tiền điện tháng này [nhà em|nhà mình] [tăng vọt|lên gần gấp đôi] [lên|] {money} [mà dùng như cũ|dù xài như mọi tháng], [có ai bị giống vậy không|mọi người có bị không]?",
    "[Tiền nước|Hóa đơn nước] tháng này [cao bất thường|tăng], [đồng hồ nước|công tơ nước] [chạy cả khi khóa vòi|có vấn đề], cho em xin số [của|bên] {cn} với ạ",
    "Cột điện [trước|gần] {lm} [nghiêng|bị nghiêng|dây điện võng] [sát|xuống sát] đầu người, [nguy hiểm quá|rất nguy hiểm], [mong|đề nghị] [ngành điện|{dl}] [xử lý sớm|khắc phục gấp]",
    "Dây điện [chằng chịt|bung ra] ở {street} [ngay ngã ba|gần chợ|], [mưa xuống|trời mưa] [là tóe lửa|lại chập]. [Ai có số điện lực không|Báo ai bây giờ]?",
};
constexpr const char* kCommentDienNuoc[] = {
    "[Nhà em|Nhà mình|Bên em] cũng [mất điện|mất nước] [nè|luôn|từ sáng]",
    "[Tuần này|Tháng này] [cắt|cúp] [mấy|3|4] lần rồi [đó|á]",
    "Sao không [báo trước|thông báo] vậy [trời|]",
    "[Khu|Xóm] em [ở|bên] {wn} [có điện lại rồi|có nước lại rồi] [nha|nhé] mọi người",
    "[Nóng|Oi] [muốn|như] [xỉu|chết] luôn",
    "[Đề nghị|Mong] [điện lực|ngành điện|công ty nước] [thông báo sớm hơn|báo trước ít nhất 1 ngày]",
    "[Cắt|Cúp] [vào|đúng] giờ [nấu cơm|cao điểm] thì [chịu|khổ] [thật|]",
};
constexpr const char* kZaloDienNuoc[] = {
    "[Nhà em|Gia đình tôi] [ở|tại] {street}, {ward} [mất điện|mất nước] [từ|lúc] {h1}h [sáng nay|hôm qua] [đến giờ|tới giờ] [chưa có lại|vẫn chưa có], [nhờ|mong] [anh chị|UBND] [báo|liên hệ] [bên|với] [{dl}|{cn}] giúp",
    "[Xin hỏi|Cho em hỏi] [lịch cắt điện|lịch cúp nước] [tuần này|ngày mai] [ở|của] {ward} [xem ở đâu|có không] ạ",
    "[Tôi|Em] [phản ánh|báo] [cột điện|dây điện] [tại|ở] {street} [bị nghiêng|bị đứt|võng thấp], [rất nguy hiểm|nguy hiểm cho người đi đường]",
    "Nước máy [nhà em|ở khu em] [đục|có mùi lạ] [mấy ngày nay|từ hôm qua], [có|] [an toàn|dùng được] không ạ? [Địa chỉ|Nhà em ở] {street}, {ward}",
};
constexpr const char* kNewsTitleDienNuoc[] = {
    "{Dl} [đầu tư|nâng cấp] lưới điện [khu vực|tại] {ward}",
    "[Nhiều hộ dân|Người dân] {wn} [thiếu nước sinh hoạt|mất nước kéo dài]",
    "Cải tạo tuyến ống cấp nước trên {street}",
};
constexpr const char* kNewsBodyDienNuoc[] = {
    "Theo {dl}, từ đầu năm đến nay đơn vị đã thay mới {nn} trạm biến áp, giảm đáng kể tình trạng điện chập chờn.",
    "Đại diện {cn} cho biết áp lực nước yếu vào giờ cao điểm do nhu cầu sử dụng tăng.",
    "Công trình cải tạo tuyến ống dài {n},{n} km dự kiến hoàn thành trong tháng {mo}.",
    "Người dân có thể tra cứu lịch tạm ngừng cung cấp điện trên trang thông tin của {dl}.",
    "Trong thời gian thi công, nước được cấp bằng xe bồn cho các hộ bị ảnh hưởng.",
    "Khách hàng cần hỗ trợ có thể liên hệ tổng đài chăm sóc khách hàng của ngành điện.",
};
constexpr const char* kOfficeDienNuoc[] = {
    "{Cn} thông báo: kết quả kiểm tra chất lượng nước định kỳ tháng {mo} tại {n} điểm lấy mẫu trên địa bàn thị xã đều đạt quy chuẩn nước sạch sinh hoạt.",
    "{Dl} khuyến cáo: không thả diều, không đốt vàng mã, không để cây xanh vi phạm hành lang lưới điện. Phát hiện sự cố, bà con báo ngay cho tổng đài của ngành điện.",
};

constexpr const char* kPostGiaoThong[] = {
    "[Ổ gà|Ổ voi] trên {street} [to như cái nia|sâu hoắm|cả tháng nay], [tối|ban đêm] [chạy|đi] [dễ té|té mấy vụ rồi]",
    "Đèn giao thông ngã tư {street} [hỏng|tắt|chỉ nháy vàng] [mấy ngày nay|từ hôm qua], [kẹt xe|lộn xộn] [giờ tan tầm|mỗi sáng]",
    "[Xe tải|Xe ben|Xe chở cát] [chạy|phóng] [nhanh|ẩu] trên {street}, [bụi|đất cát] [mù mịt|rơi vãi đầy đường]",
    "[Đậu xe|Đỗ xe|Bán hàng] [lấn chiếm|tràn ra] [vỉa hè|lòng đường] quanh {lm}, [người đi bộ|học sinh] phải [đi xuống lòng đường|len lỏi]",
    "[Cầu Vân Giang|Đường dẫn cầu Vân Giang] [giờ cao điểm|chiều nay] [kẹt|ùn] [cứng|dài] [gần cả cây số|hơn 30 phút]",
    "[Biển báo|Gương cầu lồi] ở [khúc cua|ngã ba] {street} [bị gãy|bị che khuất|mất] [lâu rồi|từ tháng trước], [mong|đề nghị] [thay mới|lắp lại]",
};
constexpr const char* kCommentGiaoThong[] = {
    "[Đường đó|Chỗ đó] [tối|ban đêm] [không có đèn|thiếu đèn] [nữa|luôn]",
    "[Hôm qua|Tuần trước] [em|mình] [cũng|] [suýt té|té] ở [đó|khúc đó]",
    "[Đề nghị|Mong] [phường|thị xã] [vá|sửa] [gấp|sớm]",
    "[Chạy|Đi] [chậm|từ từ] [thôi|] [mọi người|bà con] [ơi|]",
    "[Camera|Phạt nguội] [lắp|gắn] [rồi|] [mà|] [vẫn|] [vượt đèn|chạy ẩu] [đầy|quá trời]",
};
constexpr const char* kZaloGiaoThong[] = {
    "[Em|Tôi] [phản ánh|báo] [ổ gà|đoạn đường hư hỏng] [trên|tại] {street}, {ward}, [đã|] [gây|làm] [té ngã|tai nạn] [nhiều|mấy] [người|lần]",
    "[Đèn tín hiệu|Đèn giao thông] [tại|ở] ngã tư {street} [bị hỏng|không hoạt động] [từ|] {date}, [đề nghị|mong] [sửa|khắc phục] [sớm|gấp]",
    "[Xin|Cho] hỏi [bao giờ|khi nào] [thì|] [làm lại|nâng cấp] {street} ạ, [đường|mặt đường] [hư|xuống cấp] [nặng|quá]",
};
constexpr const char* kNewsTitleGiaoThong[] = {
    "[Sửa chữa|Thảm nhựa] [mặt đường|tuyến đường] {street} [sau nhiều phản ánh|trước mùa mưa]",
    "{Tx} [lắp đặt|bổ sung] đèn tín hiệu giao thông tại [các nút giao|ngã tư] [trung tâm|{street}]",
    "Ùn tắc [giờ cao điểm|kéo dài] trên cầu Vân Giang",
};
constexpr const char* kNewsBodyGiaoThong[] = {
    "Tuyến {street} [xuống cấp|hư hỏng] [nghiêm trọng|nhiều đoạn] sau mùa mưa năm ngoái.",
    "Ban Quản lý dự án thị xã cho biết kinh phí sửa chữa khoảng {n},{n} tỷ đồng.",
    "Lực lượng cảnh sát giao thông được bố trí phân luồng vào giờ cao điểm sáng và chiều.",
    "Thị xã đề nghị người tham gia giao thông chấp hành tín hiệu đèn, giảm tốc độ khi qua khu vực trường học.",
    "Công trình dự kiến hoàn thành sau {nn} ngày thi công.",
};
constexpr const char* kOfficeGiaoThong[] = {
    "THÔNG BÁO PHÂN LUỒNG: từ {date} đến hết {date2}, [thi công|sửa chữa] mặt đường {street} (đoạn gần {lm}). Các phương tiện đi theo hướng dẫn của lực lượng chức năng.",
    "UBND thị xã [tiếp nhận|đã tiếp nhận] phản ánh về [đèn tín hiệu|mặt đường] tại {street} và đã giao Ban Quản lý dự án khắc phục trong tuần.",
};

constexpr const char* kPostGiaCa[] = {
    "Thịt heo ở {cho} [lên|tăng lên] {pork} [nghìn|k]/kg [rồi|], rau [cũng|] [tăng|lên] giá [sau mưa|], [đi chợ|nấu ăn] giờ [mệt|khổ] [thiệt|quá]",
    "Xăng [lại|] [tăng|giảm] giá [từ|chiều] {wk} [nha|nhé] mọi người, đổ [trước|sớm] [đi|cho đỡ]",
    "[Học phí|Tiền học] năm nay của {kid} [tăng|lên] {money} mà [cơ sở vật chất|lớp học] [vẫn vậy|chẳng đổi gì]",
    "[Giá|] gạo [ở|tại] chợ An Điềm [hôm nay|tuần này] lên {rice}k/kg, [ai|có ai] biết chỗ nào bán rẻ hơn không",
    "[Tiền|Phí] [gửi xe|trông xe] [ở|tại] {lm} [thu|lấy] {fee}k/lượt [là|có] [đúng quy định không|đúng không] mọi người?",
    "[Giá|] [gas|ga] [lên|tăng] [rồi|nữa] [à|hả], [bình|một bình] 12kg [giờ|] [hơn|gần] 4{n}0k",
};
constexpr const char* kCommentGiaCa[] = {
    "[Giá|Cái gì] cũng [tăng|lên] [chỉ có|trừ] lương [là|] [không|không tăng]",
    "[Chợ|Bên] An Điềm [rẻ hơn|mềm hơn] [chút|xíu] [đó|á]",
    "[Hôm qua|Sáng nay] [mua|em mua] [thịt ba chỉ|sườn] {pork}k [rồi|luôn]",
    "[Rau|Rau muống] [một bó|1 bó] [giờ|mà] {fee}k [luôn|đó]",
};
constexpr const char* kZaloGiaCa[] = {
    "[Em|Tôi] [phản ánh|báo] [bãi giữ xe|điểm trông xe] [tại|ở] {lm} [thu|lấy] {fee}k/lượt [cao hơn|không đúng] [quy định|giá niêm yết]",
    "[Xin|Cho] hỏi [mức|] học phí [năm học này|học kỳ này] [của|ở] [trường|] {school} [là|bao nhiêu] ạ, [trường|nhà trường] [thu|báo] {money}",
};
constexpr const char* kNewsTitleGiaCa[] = {
    "Giá thịt heo tại {cho} [tăng nhẹ|ổn định] [cuối tuần|đầu tháng]",
    "[Kiểm tra|Chấn chỉnh] [bãi giữ xe|niêm yết giá] tại {lm}",
};
constexpr const char* kNewsBodyGiaCa[] = {
    "Ghi nhận tại {cho} sáng {date}, thịt heo ba chỉ có giá {pork}.000 đồng/kg, tăng khoảng 5.000 đồng so với tuần trước.",
    "Các loại rau xanh tăng giá do mưa nhiều, nguồn cung từ xã An Điềm giảm.",
    "Tiểu thương cho biết sức mua giảm so với cùng kỳ.",
    "Phòng Kinh tế thị xã đã nhắc nhở {n} cơ sở không niêm yết giá.",
    "Giá gạo thường dao động từ {rice}.000 đến 2{n}.000 đồng/kg.",
};
constexpr const char* kOfficeGiaCa[] = {
    "Phòng Kinh tế thị xã [đề nghị|lưu ý] các điểm trông giữ xe [niêm yết giá|thu đúng giá quy định]: xe máy ban ngày không quá {fee}.000 đồng/lượt. Người dân phát hiện thu sai giá xin phản ánh qua Zalo OA của thị xã.",
};

constexpr const char* kPostYTe[] = {
    "[Khám|Đi khám] [ở|tại] {bv} [chờ|đợi] [từ|tới] {n} tiếng [mới tới lượt|], [mệt|đuối] [quá|luôn]",
    "[Xóm|Khu] em [ở|tại] {ward} [có|mấy] [nhà|người] [bị|mắc] sốt xuất huyết [rồi|], [xin|mong] [phường|xã|y tế] [phun thuốc muỗi|phun hóa chất] [sớm|gấp]",
    "[Lịch|Lịch tiêm] [tiêm chủng|tiêm sởi] cho trẻ tại trạm y tế {wn} [tháng này|đợt này] là ngày nào [vậy ạ|ạ]?",
    "Thuốc [BHYT|bảo hiểm] [hết|thiếu] [hoài|mấy loại], [phải|bắt] [ra ngoài mua|tự mua], [vậy|thế] [đóng bảo hiểm|mua thẻ] [làm gì|để làm gì]",
    "[Con|Bé nhà] [em|mình] [sốt|ho] [mấy ngày|3 hôm], [khoa nhi|phòng khám nhi] {bv} [đông|quá tải] [kín|nghẹt] người",
    "[Cảm ơn|Cám ơn] [bác sĩ|y bác sĩ] khoa [cấp cứu|ngoại] {bv} [đã|] [cứu|chăm sóc] [ba|mẹ] em [tận tình|chu đáo] [❤️|🙏|]",
};
constexpr const char* kCommentYTe[] = {
    "[Đi|Khám] [sớm|từ 6h] [lấy số|bốc số] [mới|thì] [kịp|đỡ chờ]",
    "[Xóm|Khu] [em|mình] [cũng|] [có|] [người|ca] [sốt xuất huyết|sốt] [rồi|nè]",
    "[Phát quang|Dọn] [bụi rậm|chum vại] [diệt lăng quăng|diệt muỗi] [đi|nữa] [mọi người|bà con]",
    "[Bác sĩ|Bs] [ở đó|bên đó] [tận tình|dễ thương] [lắm|mà]",
};
constexpr const char* kZaloYTe[] = {
    "[Cho em hỏi|Xin hỏi] [lịch tiêm chủng|lịch tiêm] [mở rộng|] [tháng {mo}|tháng này] [tại|ở] trạm y tế {wn} ạ",
    "[Em|Tôi] [báo|phản ánh] [khu|xóm] [em|tôi] [ở|tại] {street}, {ward} [có|đã có] {n} [người|ca] sốt xuất huyết, [mong|đề nghị] [phun thuốc|phun hóa chất diệt muỗi]",
    "[Phản ánh|Góp ý] [thái độ|cách làm việc] [của|] [nhân viên|bộ phận] [tiếp đón|thu ngân] {bv} [chưa tốt|còn chậm]",
};
constexpr const char* kNewsTitleYTe[] = {
    "{Bv} [triển khai|ra mắt] [đặt lịch khám|khám bệnh] qua ứng dụng",
    "[Tiêm vắc xin|Chiến dịch tiêm] [sởi|bổ sung] cho trẻ em tại {tx}",
};
constexpr const char* kNewsBodyYTe[] = {
    "Từ tháng {mo}, người bệnh có thể đặt lịch khám trước để giảm thời gian chờ.",
    "Trung tâm Y tế thị xã cho biết đã tiêm cho hơn {nn}0 trẻ trong đợt này.",
    "Mỗi ngày {bv} tiếp nhận khoảng {n}00 lượt khám ngoại trú.",
    "Phụ huynh mang theo sổ tiêm chủng và căn cước của người giám hộ.",
    "Ngành y tế khuyến cáo người dân đến cơ sở y tế khi có dấu hiệu sốt cao kéo dài.",
};
constexpr const char* kOfficeYTe[] = {
    "Trung tâm Y tế thị xã thông báo lịch tiêm chủng mở rộng tháng {mo}: trạm y tế {ward} tiêm vào sáng {wk} ngày {date}. Phụ huynh nhớ mang theo sổ tiêm chủng của bé.",
    "{Bv} thông báo: từ ngày {date}, người bệnh có thể đặt lịch khám qua tổng đài hoặc ứng dụng của bệnh viện; người có thẻ BHYT vẫn được khám theo quy định khi không đặt lịch.",
};

constexpr const char* kPostGiaoDuc[] = {
    "Trường {school} [thu|vận động đóng] [quỹ|tiền] đầu năm [nhiều khoản|một đống khoản] [quá|], phụ huynh [ngại|không dám] [hỏi|ý kiến]",
    "[Cổng|Trước cổng] trường {school} [giờ tan học|buổi trưa] [kẹt xe|ùn tắc] [kinh khủng|nghiêm trọng], [mong|đề nghị] [có người|công an] [phân luồng|điều tiết]",
    "[Bữa ăn bán trú|Suất ăn] [ở|của] trường {school} [ít|kém chất lượng] [lắm|], {kid} [về kêu đói|về than đói]",
    "[Cho hỏi|Ai biết] [lịch|kế hoạch] [thi|kiểm tra] giữa kỳ [của|] [khối|lớp] {grade} trường {school} không ạ?",
    "[Lớp học|Phòng học] [ở|của] {school} [dột|thấm] [khi trời mưa|mỗi lần mưa], [quạt|bóng đèn] [hỏng|hư] [mấy cái|cả tháng]",
    "[Tự hào|Chúc mừng] [các em|cô trò] trường {school} [đạt giải|giành giải] [nhất|nhì] [cuộc thi|hội thi] [khoa học kỹ thuật|văn nghệ] [cấp tỉnh|] [👏|🎉|]",
};
constexpr const char* kCommentGiaoDuc[] = {
    "[Lớp|Trường] [con em|bé nhà mình] [cũng|] [thu|đóng] [y vậy|nhiều lắm]",
    "[Phụ huynh|Ph] [có quyền|nên] [hỏi|yêu cầu] [công khai|minh bạch] [các khoản thu|thu chi]",
    "[Tan học|Giờ đón con] [đậu xe|dừng xe] [tràn|kín] [cả đường|lòng đường] [luôn|]",
    "[Cô|Thầy] [ở|bên] {school} [dạy|nhiệt tình] [tốt|lắm] [mà|]",
};
constexpr const char* kZaloGiaoDuc[] = {
    "[Xin|Cho] hỏi [các khoản thu|khoản thu] [đầu năm|] [của|ở] trường {school} [có|] [đúng quy định|được phép] không ạ, [lớp|phụ huynh] [được yêu cầu|phải] [đóng|nộp] {money}",
    "[Em|Tôi] [là|] phụ huynh [lớp|học sinh lớp] {grade} trường {school}, [phản ánh|báo] [tình trạng|] [ùn tắc|mất an toàn] [trước cổng trường|giờ tan học]",
};
constexpr const char* kNewsTitleGiaoDuc[] = {
    "[Chấn chỉnh|Rà soát] các khoản thu đầu năm học tại {tx}",
    "Trường {school} [khánh thành|đưa vào sử dụng] [dãy phòng học mới|nhà đa năng]",
};
constexpr const char* kNewsBodyGiaoDuc[] = {
    "Phòng Giáo dục và Đào tạo thị xã yêu cầu các trường công khai các khoản thu trước ngày {date}.",
    "Những khoản vận động tài trợ phải trên tinh thần tự nguyện, không cào bằng.",
    "Công trình gồm {n} phòng học và phòng thí nghiệm, tổng kinh phí hơn {n} tỷ đồng.",
    "Năm học này toàn thị xã có khoảng {nn}.{n}00 học sinh các cấp.",
    "Nhà trường đề nghị phụ huynh đón con đúng giờ, không dừng xe dưới lòng đường.",
};
constexpr const char* kOfficeGiaoDuc[] = {
    "Phòng Giáo dục và Đào tạo thị xã [thông báo|lưu ý]: các trường chỉ được thu các khoản theo quy định và phải công khai trước khi thu. Phụ huynh có ý kiến xin phản ánh qua đường dây nóng của Phòng.",
};

constexpr const char* kPostThuTuc[] = {
    "[Làm|Cấp đổi|Đi làm] CCCD cho [con|ba mẹ] [ở|tại] công an {ward} cần [mang|chuẩn bị] giấy tờ gì [vậy|ạ] mọi người?",
    "[Đăng ký|Làm] khai sinh [cho bé|cho con] [online|qua dịch vụ công] [được không|có được không], [ai làm rồi|ai từng làm] [chỉ|hướng dẫn] [em|mình] với",
    "[Nộp|Gửi] hồ sơ [trên|qua] [cổng dịch vụ công|dịch vụ công] mà [lỗi|báo lỗi] [hoài|mãi], lại phải [lên|ra] [bộ phận một cửa|phường] xếp hàng",
    "[Bộ phận một cửa|Một cửa] {ward} [làm việc|giải quyết] [nhanh|nhanh gọn|nhiệt tình], [cảm ơn|cám ơn] [các anh chị|cán bộ] [👍|]",
    "[Xác nhận|Làm giấy xác nhận] [tình trạng hôn nhân|cư trú] ở {wn} [mất|hết] {n} ngày [có|là] [bình thường|lâu] không?",
    "VNeID [của|] [em|mình|ba mẹ] [bị lỗi|không đăng nhập được|không kích hoạt được] mức 2, [ra|lên] [đâu|chỗ nào] để [nhờ hỗ trợ|được hỗ trợ]?",
    "[Sổ hộ khẩu giấy|Hộ khẩu] [bỏ rồi|không dùng nữa] [thì|] [giờ|] [chứng minh|xác nhận] [nơi cư trú|cư trú] [bằng gì|sao] [vậy|ạ]?",
};
constexpr const char* kCommentThuTuc[] = {
    "[Mang|Đem] [CCCD|căn cước] [với|và] [giấy khai sinh|sổ hộ khẩu cũ] [là được|là đủ] [nha|]",
    "[Làm|Nộp] [online|trên VNeID] [cũng được|nhanh lắm] [bạn|] [ơi|]",
    "[Sáng|Chiều] [thứ Bảy|Chủ nhật] [có|] [làm|nhận hồ sơ] [không|ko] [ad|ạ]?",
    "[Em|Mình] [làm|nộp] [hôm trước|tuần trước] [mà|] [3 ngày|1 tuần] [là có|đã có] [rồi|]",
    "[Web|Trang] dịch vụ công [lỗi|chậm] [quá|hoài]",
};
constexpr const char* kZaloThuTuc[] = {
    "[Cho em hỏi|Xin hỏi] [thủ tục|hồ sơ] [đăng ký khai sinh|làm giấy khai sinh] cho [con|bé] [cần|gồm] [những gì|giấy tờ gì] ạ. [Em|Tôi] [ở|thường trú tại] {ward}",
    "[Em|Tôi] [nộp|gửi] hồ sơ [trên dịch vụ công|online] [ngày|từ] {date} [mà|nhưng] [chưa thấy|chưa có] [phản hồi|kết quả], mã hồ sơ {code}",
    "[Xin|Cho] hỏi [bộ phận một cửa|một cửa] {ward} [có|] [làm việc|nhận hồ sơ] [sáng thứ Bảy|ngoài giờ] không ạ",
    "[Tài khoản|Mình] VNeID [bị khóa|không đăng nhập được], [nhờ|xin] [hướng dẫn|hỗ trợ] [mở khóa|kích hoạt lại] ạ",
    "[Cho em hỏi|Xin hỏi] [cấp đổi|làm lại] CCCD [bị mất|hết hạn] [mất phí|phí] bao nhiêu và [làm|nộp] ở đâu ạ",
};
constexpr const char* kNewsTitleThuTuc[] = {
    "{Tx}: [hơn|gần] {nn}% hồ sơ [thủ tục hành chính|dịch vụ công] được nộp trực tuyến",
    "Bộ phận một cửa {ward} [mở cửa|làm việc] sáng thứ Bảy",
};
constexpr const char* kNewsBodyThuTuc[] = {
    "Trong tháng {mo}, Bộ phận một cửa thị xã tiếp nhận {n}.{n}{n}0 hồ sơ, tỷ lệ giải quyết đúng hạn đạt 9{n}%.",
    "Người dân được hướng dẫn tạo tài khoản và nộp hồ sơ trực tuyến ngay tại quầy.",
    "Các thủ tục đăng ký khai sinh, thường trú, cấp bản sao được thực hiện hoàn toàn trực tuyến.",
    "Đoàn thanh niên các phường, xã hỗ trợ người cao tuổi kích hoạt tài khoản định danh điện tử.",
};
constexpr const char* kOfficeThuTuc[] = {
    "HƯỚNG DẪN ĐĂNG KÝ KHAI SINH TRỰC TUYẾN: 1. Đăng nhập Cổng dịch vụ công bằng tài khoản VNeID. 2. Chọn thủ tục liên thông khai sinh - thường trú - BHYT cho trẻ dưới 6 tuổi. 3. Điền tờ khai, tải ảnh giấy chứng sinh. Kết quả trả về qua bưu điện hoặc tại Bộ phận một cửa {ward}. Thủ tục không mất phí.",
    "Từ ngày {date}, Bộ phận một cửa UBND thị xã [nhận hồ sơ|làm việc] vào sáng thứ Bảy (7h30-11h00) để phục vụ bà con. Người dân nên đặt lịch trước qua Zalo OA của thị xã.",
    "Công an thị xã thông báo lịch [cấp đổi|làm] căn cước lưu động tại {ward} ngày {date}, từ {h1}h00 đến {h2}h00. Người dân mang theo CCCD cũ hoặc giấy khai sinh.",
    "Kết quả giải quyết thủ tục hành chính tuần qua: tiếp nhận {n}{n}{n} hồ sơ, {nn}% nộp trực tuyến, 100% đúng hạn. Xin cảm ơn bà con đã đồng hành.",
};

constexpr const char* kPostAnNinh[] = {
    "[Mất|Bị trộm|Bị lấy mất] [xe máy|chiếc Wave|chiếc Vision] [trước|ngay trước] {lm} lúc khoảng {h1}h [tối qua|đêm qua|trưa nay], [ai|có ai] [thấy|có camera] [báo|nhắn] giúp với ạ. [SĐT|Liên hệ] {phone}",
    "[Karaoke|Hát karaoke] [ở|tại] {street} [hát|mở] [tới|đến] [12h đêm|1h sáng|khuya], [ồn|không ai ngủ được] [quá|luôn]",
    "[Nhóm thanh niên|Mấy đứa thanh niên] [đua xe|nẹt pô|tụ tập] trên {street} [mỗi tối|cuối tuần], [sợ|bất an] [quá|lắm]",
    "[Đánh nhau|Xô xát] [ở|trước] {lm} [chiều nay|tối qua], công an {ward} [đã|] [có mặt|tới] [kịp thời|nhanh]",
    "[Trộm|Kẻ gian] [vào|đột nhập] [nhà|tiệm] [ở|khu] {street} [lấy|trộm] [điện thoại|tiền|gà|chó], [bà con|mọi người] [khóa cửa|cẩn thận] kỹ nha",
};
constexpr const char* kCommentAnNinh[] = {
    "[Khu|Xóm] [em|mình] [cũng|] [mất|bị trộm] [xe|chó] [tuần trước|hôm bữa]",
    "[Báo|Trình báo] [công an|CA] [phường|xã] [liền|ngay] [đi|bạn]",
    "[Ồn|Hát] [vậy|thế] [ai|làm sao] [ngủ|chịu] [nổi|được]",
    "[Lắp|Gắn] [camera|cam] [đi|thôi] [mọi người|bà con]",
};
constexpr const char* kZaloAnNinh[] = {
    "[Tôi|Em] [phản ánh|báo] [tình trạng|việc] [hát karaoke|mở nhạc] [gây ồn|quá giờ] [tại|ở] {street}, {ward} [sau|đến] [23h|12h đêm] [nhiều ngày|liên tục]",
    "[Em|Tôi] [báo|phản ánh] [nhóm|mấy] [thanh niên|người] [tụ tập|đua xe] [ở|trên] {street} [lúc|khoảng] {h1}h [đêm qua|tối qua]",
    "[Nhà em|Gia đình tôi] [ở|tại] {street} [bị|vừa bị] [trộm|mất trộm] [xe máy|tài sản], [đã|] [báo|trình báo] công an [phường|xã] [chưa|rồi], [nhờ|mong] [hỗ trợ|xác minh] camera",
};
constexpr const char* kNewsTitleAnNinh[] = {
    "Công an {tx} [triệt phá|bắt giữ] [nhóm|đối tượng] trộm cắp xe máy",
    "[Xử phạt|Nhắc nhở] [cơ sở|hộ] karaoke [gây ồn|quá giờ] tại {ward}",
};
constexpr const char* kNewsBodyAnNinh[] = {
    "Qua trích xuất camera, lực lượng công an đã xác định và bắt giữ {n} đối tượng.",
    "Các đối tượng khai nhận đã thực hiện {n} vụ trộm trên địa bàn.",
    "Công an khuyến cáo người dân khóa cổ xe, gửi xe ở nơi có người trông giữ.",
    "Hành vi gây tiếng ồn quá mức sau 22 giờ có thể bị xử phạt hành chính.",
};
constexpr const char* kOfficeAnNinh[] = {
    "Công an thị xã khuyến cáo: mùa cuối năm, tình trạng trộm cắp xe máy, tài sản có chiều hướng tăng. Bà con khóa cổ xe, khóa cửa cẩn thận, không để tài sản có giá trị trước sân. Phát hiện đối tượng khả nghi, báo ngay công an phường, xã.",
};

constexpr const char* kPostLuaDao[] = {
    "[Vừa|Mới] [nhận|bị] [cuộc gọi|điện thoại] [tự xưng|xưng là] [công an|cán bộ công an] {wn} [bảo|nói] [em|mình] [liên quan|dính] [đường dây|vụ] [rửa tiền|ma túy], [đòi|yêu cầu] [chuyển tiền|cài app]. [Mọi người cảnh giác|Cảnh giác nha mọi người] [⚠️|]",
    "[Có|Có số] [người|điện thoại] [gọi|nhắn] [xưng|tự nhận] nhân viên {dl} [bảo|nói] [nợ tiền điện|sẽ cắt điện trong 2 tiếng] [và|rồi] gửi link {scamlink} [để thanh toán|để đóng tiền]. [LỪA ĐẢO|Lừa đó] [đừng bấm|đừng bấm vào]!",
    "[Tin nhắn|SMS] [báo|giả] [ngân hàng|tài khoản] [bị khóa|sắp bị khóa] kèm link {scamlink}, mọi người [đừng|đừng có] [bấm|nhập thông tin]",
    "[Mẹ|Ba|Bà] [em|mình] [bị|suýt bị] [lừa|lừa mất] {money} [vì|do] [cuộc gọi|người] [giả danh|giả] [bệnh viện|giáo viên] [báo|nói] [con|cháu] [bị tai nạn|cấp cứu]",
    "[Trang|Page] [giả|mạo danh] UBND thị xã [đăng|chạy quảng cáo] [hỗ trợ|tặng] [tiền|quà] cho người dân, [đừng tin|đừng nhấn vào] nha",
    "[Cảnh báo|Cẩn thận]: [số|số điện thoại] {phone} [gọi|nhắn] [mời|tuyển] [làm cộng tác viên|việc nhẹ lương cao] [online|chốt đơn], [chuyển tiền|nạp tiền] [là|thì] [mất|mất luôn]",
};
constexpr const char* kCommentLuaDao[] = {
    "[Nhà|Mẹ] [em|mình] [cũng|] [nhận|bị gọi] [y chang|giống hệt] [luôn|]",
    "[Công an|Điện lực] [không bao giờ|ko bao giờ] [gọi|yêu cầu] [chuyển tiền|qua điện thoại] [đâu|nha]",
    "[Cảm ơn|Thanks] [bạn|] [đã|] [cảnh báo|chia sẻ]",
    "[Nhắc|Dặn] [ông bà|ba mẹ] [ở nhà|] [cẩn thận|đừng nghe] [nha|mọi người]",
    "[Chặn|Block] [số|số đó] [đi|liền]",
};
constexpr const char* kZaloLuaDao[] = {
    "[Em|Tôi] [vừa nhận|nhận được] [cuộc gọi|tin nhắn] [tự xưng|giả danh] [công an|cán bộ thuế|nhân viên điện lực] [yêu cầu|bảo] [cài ứng dụng|chuyển tiền|cung cấp mã OTP], [có phải|đây có phải] lừa đảo không ạ? Số gọi: {phone}",
    "[Xin|Cho] hỏi [đường link|link] {scamlink} [có phải|là] [của|trang của] [UBND|cơ quan nhà nước] không ạ, [nhận|được gửi] [qua|trong] tin nhắn",
    "[Mẹ|Ba] [em|tôi] [đã|vừa] [chuyển|bị lừa chuyển] {money} [cho|vào] [tài khoản|số tài khoản] [lạ|của đối tượng], [giờ|bây giờ] [phải làm gì|báo ở đâu] ạ",
};
constexpr const char* kNewsTitleLuaDao[] = {
    "[Cảnh giác|Cảnh báo] [thủ đoạn|chiêu] giả danh {dl} [gọi điện|nhắn tin] đòi tiền",
    "[Người dân|Một phụ nữ] {wn} [bị lừa|mất] {money} [vì|qua] cuộc gọi giả danh công an",
};
constexpr const char* kNewsBodyLuaDao[] = {
    "Đối tượng thông báo khách hàng nợ tiền điện, đe dọa cắt điện nếu không thanh toán ngay qua đường link lạ.",
    "{Dl} khẳng định không yêu cầu khách hàng thanh toán qua đường link gửi bằng tin nhắn.",
    "Công an thị xã đã tiếp nhận {n} đơn trình báo liên quan trong tháng {mo}.",
    "Cơ quan công an không làm việc, không yêu cầu chuyển tiền qua điện thoại.",
    "Người dân nhận được cuộc gọi nghi vấn cần báo ngay cho công an phường, xã gần nhất.",
};

constexpr const char* kPostChung[] = {
    "[Sáng nay|Chiều nay] [đi ngang|chạy ngang] {lm} [thấy|] [đông|người] [nghẹt|lắm], có chuyện gì vậy mọi người?",
    "{Wn} [mình|của mình] [đẹp|yên bình] [quá|ghê] [vào|buổi] [sáng sớm|chiều tối] [❤️|😍|]",
    "[Cho hỏi|Ai biết] [quán|chỗ] [ăn sáng|bún bò|cà phê] [ngon|] [ở|gần] {lm} [chỉ|giới thiệu] với ạ",
    "[Công viên Hồ Sen|Quảng trường 2 Tháng 9] [cuối tuần này|tối {wk}] [có|tổ chức] [văn nghệ|hội chợ|chiếu phim], mọi người [đi chơi|ra chơi] nha",
    "[Nhặt được|Tìm chủ] [ví|giấy tờ] [gần|ở] {lm}, [ai làm rơi|ai quen] [liên hệ|gọi] {phone} [nhận lại|nha]",
    "[Hoàng hôn|Chiều] trên sông Vân [hôm nay|nay] [đẹp|lung linh] [quá|thật] [🌅|❤️|]",
};
constexpr const char* kNewsTitleChung[] = {
    "{Tx} [tổ chức|khai mạc] [hội chợ|tuần lễ] [nông sản|văn hóa ẩm thực] [tại|ở] quảng trường 2 Tháng 9",
    "[Hội nghị|Kỳ họp] HĐND {tx} [bàn|thảo luận] kế hoạch năm tới",
};
constexpr const char* kNewsBodyChung[] = {
    "Sự kiện diễn ra từ ngày {date} đến {date2} với khoảng {nn} gian hàng.",
    "Chương trình thu hút đông đảo người dân và du khách tham gia.",
    "Phát biểu tại sự kiện, lãnh đạo thị xã nhấn mạnh mục tiêu phát triển kinh tế gắn với bảo vệ môi trường sông Vân.",
    "Các đại biểu thống nhất ưu tiên nguồn vốn cho hạ tầng giao thông và chống ngập.",
};
constexpr const char* kOfficeChung[] = {
    "[📢 |]Lịch tiếp công dân định kỳ tháng {mo}: Chủ tịch UBND thị xã tiếp công dân vào sáng {wk} ngày {date} tại trụ sở tiếp công dân (số 1 đường Hùng Vương, phường Hòa An).",
    "Chương trình [văn nghệ|nghệ thuật] [mừng ngày Phụ nữ Việt Nam 20/10|chào mừng ngày hội đại đoàn kết] sẽ diễn ra lúc 19h30 ngày {date} tại quảng trường 2 Tháng 9. Mời bà con đến xem!",
    "Kết quả tiếp nhận, xử lý phản ánh qua Zalo OA tuần qua: tiếp nhận {nn} phản ánh, đã trả lời {nn}, đang xử lý {n}. Cảm ơn bà con đã đồng hành cùng chính quyền.",
    "Hình ảnh [đường Bờ Sông|công viên Hồ Sen|cầu Vân Giang] [sau chỉnh trang|lên đèn] [📸|]. Bến Vân ngày càng khang trang nhờ sự chung tay của bà con!",
};

// ---------------------------------------------------------------- shared

constexpr const char* kGenericCommentsArr[] = {
    "[Đúng rồi|Chuẩn|Chính xác] [đó|luôn|]",
    "[Ai chịu trách nhiệm|Ai lo đây] [vậy|]?",
    "[Cảm ơn|Cám ơn|Tks] [ad|bạn|chị] [đã|] [chia sẻ|thông tin]",
    "Hóng [cập nhật|kết quả|]",
    "[Khổ|Mệt] [dân|thân] [quá|ghê]",
    "[Báo|Đưa] [lên|cho] [phường|xã|thị xã] [đi|đi bạn]",
    "[Mong|Hy vọng] [sớm|được] [giải quyết|xử lý] [sớm|]",
    "[Thật|Thiệt] không [trời|vậy]?",
    "[Năm nào|Tháng nào] [cũng|cũng vậy] [😩|]",
    "[Share|Chia sẻ] [cho|để] [mọi người|bà con] [cùng biết|biết]",
    "[Ủng hộ|Đồng ý] [ý kiến|bạn] [này|]",
    "[Quá|Rất] [bức xúc|bất tiện] [luôn|]",
    "[Chấm|.] [hóng|theo dõi]",
    "[Ad|Admin] [ơi|] [trả lời|phản hồi] [giúp|] [với|]",
    "[Vậy|Thế] [thì|] [chịu|thua] [rồi|]",
};
constexpr const char* kQuestionCommentsArr[] = {
    "{street} có [bị|nằm trong đợt này] không [ad|ạ]?",
    "[Ad|Admin] [ơi|] [cho hỏi|hỏi chút] {wn} [có|] [không|ko] ạ?",
    "[Vậy|Thế] [mấy giờ|khi nào] [thì|] [xong|có lại] [ạ|ad]?",
    "[Liên hệ|Gọi] [số nào|ở đâu] [để|] [hỏi|phản ánh] [ạ|vậy]?",
    "[Có|] [áp dụng|làm] [cho|ở] {ward} [không|luôn không] [ạ|]?",
    "[Thứ Bảy|Chủ nhật] [có|] [làm việc|nhận hồ sơ] [không|ko] ạ?",
};
constexpr const char* kQuoteReactionsArr[] = {
    "[vậy là sao|là sao ad]?", "[trời ơi|trời đất]", "[ai chịu nổi|sao chịu nổi]", "[đọc mà tức|buồn ghê]",
    "[cuối cùng cũng có|may quá]", "[nói thì dễ|làm được thì hay]", "[ok ad|ok cảm ơn ad]", "[sao lâu vậy|bao giờ mới xong]",
};
constexpr const char* kOfficeRepliesArr[] = {
    "Chào bạn, [Trang|UBND thị xã] đã tiếp nhận [ý kiến|phản ánh] và chuyển đến [đơn vị liên quan|UBND {ward}] để xem xét, trả lời. Cảm ơn bạn!",
    "Chào bạn, [bạn vui lòng|mời bạn] [nhắn tin|gửi thông tin] qua Zalo OA của thị xã [kèm địa chỉ cụ thể|kèm hình ảnh] để được hỗ trợ nhanh nhất ạ.",
    "Dạ, {street} [có|nằm] trong khu vực [của thông báo|ảnh hưởng] ạ. Mong bạn thông cảm.",
    "Chào bạn, thủ tục này có thể nộp trực tuyến trên Cổng dịch vụ công, không mất phí ạ.",
    "Cảm ơn bạn đã [góp ý|phản hồi]. UBND thị xã sẽ [kiểm tra|rà soát] và thông tin lại trên Trang.",
};
constexpr const char* kEmojiArr[] = {
    "😡", "😭", "😢", "🙏", "👍", "❤️", "😂", "🤔", "⚠️", "🔥", "💧", "⚡", "😱", "🥲", "😤", "👉", "📢", "😩", "🙄", "👏",
};
constexpr const char* kHashtagsArr[] = {
    "#BếnVân", "#BenVan", "#ThịXãBếnVân", "#mấtđiện", "#ngậpúng", "#cảnhbáo", "#lừađảo", "#ChợBếnVân",
    "#sôngVân", "#giaothông", "#chiasẻ", "#tintức", "#BenVan24h",
};
constexpr const char* kSharePrefixesArr[] = {
    "Chia sẻ: ", "Chia sẻ cho bà con: ", "Share giúp mọi người: ", "NÓNG: ", "Tin nóng: ", "Mọi người chú ý: ",
    "Đọc kỹ nha mọi người: ", "👉 ", "📢 ", "Repost: ", "Ai ở Bến Vân đọc ngay: ",
};
constexpr const char* kSurnamesArr[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm", "Hoàng", "Huỳnh",
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai",
};
constexpr const char* kMiddleNamesArr[] = {
    "Văn", "Thị", "Minh", "Thanh", "Ngọc", "Đức", "Hữu", "Thu", "Kim", "Quốc", "Gia", "Bảo", "Xuân", "Thúy", "Hoài", "Công",
};
constexpr const char* kGivenNamesArr[] = {
    "Anh", "Hùng", "Lan", "Hoa", "Tuấn", "Hương", "Dũng", "Mai", "Nam", "Linh", "Trang", "Phúc", "Sơn", "Hà", "Thảo",
    "Long", "Quân", "Vy", "Nhung", "Tâm", "Hải", "Yến", "Hòa", "Thủy", "Khoa", "Duy", "Hiếu", "Ngân", "Phương", "Tùng",
    "Cường", "Nga", "Loan", "Bình", "Thắng", "My", "Trâm", "Khánh", "Oanh", "Tú", "Đạt", "Huy", "Thúy", "Hạnh", "Lộc",
};
constexpr const char* kNicknamesArr[] = {
    "Mẹ Bắp", "Mẹ Su Su", "Bé Heo", "Chị Ba Bán Rau", "Tuấn Bến Vân", "Hoa Hướng Dương", "Gạo Nếp Đồng Gạo",
    "Út Cưng", "Ba Tí", "Hạt Tiêu", "Cá Con", "Ông Tư Xe Ôm", "Mít Ướt", "Nắng Sông Vân", "Tiệm Bánh Cô Lan",
    "Shop Mẹ Ken", "Anh Hai Phú Lộc", "Bông Bí", "Mây Trắng", "Hến Cồn Mây", "Cô Giáo Thảo", "Thợ Điện Dũng",
};
constexpr const char* kReportersArr[] = {"Minh Châu", "Hải Đăng", "Thu Hà", "Trọng Nghĩa", "Phương Thảo", "Quốc Việt", "Ngọc Ánh", "PV"};
constexpr const char* kSchoolsArr[] = {
    "Tiểu học Vân Hà", "THCS Ngọc Lâm", "THPT Bến Vân", "Mầm non Hoa Sen", "THCS Đông Thành", "Tiểu học Phú Lộc",
    "THPT Ngọc Lâm", "Tiểu học Bãi Dâu", "THCS Tân Khê", "Mầm non Sơn Ca",
};
constexpr const char* kKidsArr[] = {"con em", "bé nhà em", "thằng cu nhà mình", "con gái mình", "cháu em", "đứa nhỏ nhà mình", "con trai em"};
constexpr const char* kScamLinksArr[] = {
    "http://dienluc-benvan.vip/thanh-toan", "https://benvan-dichvucong.top/xac-minh", "http://nganhang-hotro.click/mo-khoa",
    "https://bhxh-benvan.info/nhan-ho-tro", "http://cskh-dienluc.online/tra-cuu-no", "https://vneid-capnhat.site/dinh-danh",
};
constexpr const char* kPowerReasonsArr[] = {
    "bảo dưỡng đường dây 22kV", "thay máy biến áp", "di dời lưới điện phục vụ thi công đường", "cắt tỉa cây xanh hành lang lưới điện",
    "lắp đặt thiết bị đóng cắt", "sửa chữa lưới điện hạ áp", "đấu nối trạm biến áp mới",
};
constexpr const char* kWaterReasonsArr[] = {
    "sửa chữa tuyến ống D200", "súc xả bể chứa", "đấu nối đường ống mới", "di dời tuyến ống phục vụ mở rộng đường",
};
constexpr const char* kZaloOpenArr[] = {
    "", "", "", "Chào anh chị, ", "Dạ, ", "Kính gửi UBND thị xã, ", "Chào ad, ", "Em chào UBND ạ. ", "Xin chào, ",
};
constexpr const char* kZaloCloseArr[] = {
    "", "", "", "", " Em cảm ơn ạ.", " Xin cảm ơn.", " Mong sớm nhận được phản hồi.", " Cảm ơn anh chị nhiều!", " ạ",
};

// ---------------------------------------------------------------- events

constexpr const char* kPowerCutOfficeArr[] = {
    "[📢 |⚡ |]LỊCH [TẠM NGỪNG CUNG CẤP ĐIỆN|CẮT ĐIỆN] NGÀY {date}\n{Dl} thông báo tạm ngừng cung cấp điện để {reason}:\n- Thời gian: từ {h1}h00 đến {h2}h00 ngày {date}/{yyyy}.\n- Khu vực: {Ward} ({street}, {street2} và khu vực lân cận).\nNếu công việc hoàn thành sớm, điện sẽ được cấp lại không báo trước. Kính mong bà con thông cảm.",
    "Lịch cắt điện ngày {date} tại {Ward}: từ {h1}h đến {h2}h, khu vực {street} và {street2}. Lý do: {reason}. {Dl} xin lỗi vì sự bất tiện này.",
};
constexpr const char* kPowerCutRepostArr[] = {
    "[Mai|Ngày mai|{Wk}] {date} cắt điện {ward} từ {h1}h[00|]-{h2}h[00|] [nha|nhé|đó] [mọi người|bà con|mn]. [Sạc pin|Trữ nước|Chuẩn bị] [sẵn|trước] [đi|]",
    "Lịch cắt điện ngày {date} tại {ward} từ {h1}h đến {h2}h, [khu|khu vực] {street}. [Ai ở đó|Bà con khu đó] [chú ý|lưu ý]",
    "[Cúp|Cắt] điện {date} [ở|tại] {street} [từ|tới] {h1}h [tới|đến] {h2}h [mọi người ơi|nha cả nhà]",
};
constexpr const char* kPowerCutCommentsArr[] = {
    "[Lại|Lại nữa] [cắt|cúp] [điện|] [à|hả] [trời|]?",
    "[Tuần trước|Tháng này] [cắt|cúp] [rồi|mấy lần rồi] [mà|giờ] [lại|còn] [cắt|cúp]",
    "{h1}h [đến|tới] {h2}h [thì|là] [hết|trọn] [buổi|] [sáng|chiều] [rồi|còn gì]",
    "[Cảm ơn|Cám ơn] [ad|Trang] [đã|] [báo|thông báo] [trước|sớm]",
    "{street} [có|có bị] [cắt|cúp] [không|ko] [ạ|ad]?",
    "[Mong|Hy vọng] [có điện|đóng điện] [lại|] [sớm|đúng giờ]",
    "[Quán|Tiệm] [em|mình] [nghỉ|nghỉ bán] [luôn|] [buổi đó|ngày đó] [thôi|]",
};
constexpr const char* kPowerCutZaloArr[] = {
    "[Nhà em|Khu em] [ở|tại] {street} [hết giờ|quá giờ] [cắt điện|báo cắt] [rồi|] [mà|nhưng] [vẫn chưa có điện|chưa có điện lại] ạ",
    "[Cho hỏi|Xin hỏi] [lịch cắt điện|cắt điện] ngày {date} [có|] [gồm|bao gồm] {street} không ạ",
};
constexpr const char* kPowerCutNewsTitleArr[] = {
    "[Lịch|Thông báo] [tạm ngừng cung cấp điện|cắt điện] tại {ward} ngày {date}",
    "{Dl} [tạm ngừng cấp điện|cắt điện] [một số khu vực|khu vực {wn}] để {reason}",
};
constexpr const char* kPowerCutNewsBodyArr[] = {
    "{Dl} cho biết sẽ tạm ngừng cung cấp điện từ {h1}h đến {h2}h ngày {date} để {reason}.",
    "Khu vực bị ảnh hưởng gồm {street}, {street2} thuộc {ward}.",
    "Đơn vị đề nghị khách hàng chủ động sắp xếp công việc, sản xuất.",
    "Trường hợp công việc hoàn thành sớm, điện sẽ được đóng lại không báo trước.",
    "Đây là đợt bảo dưỡng nằm trong kế hoạch nâng cấp lưới điện của thị xã năm nay.",
};
constexpr const char* kWaterCutOfficeArr[] = {
    "THÔNG BÁO TẠM NGỪNG CẤP NƯỚC\n{Cn} thông báo: để {reason}, từ {h1}h00 ngày {date} đến {h2}h00 ngày {date2} sẽ tạm ngừng cấp nước tại {Ward} (khu vực {street}, {street2}). Bà con chủ động trữ nước. Xin lỗi vì sự bất tiện!",
};
constexpr const char* kWaterCutCommentsArr[] = {
    "[Cúp|Cắt] nước [cả ngày|qua đêm] [vậy|thế] [sao|làm sao] [sinh hoạt|tắm giặt] [được|]",
    "[Lo|Trữ] [nước|thùng nước] [từ|ngay] [tối nay|bây giờ] [thôi|]",
    "[Có|Có cấp] xe [bồn|chở nước] [không|ko] [ad|ạ]?",
    "[Lần trước|Đợt trước] [báo|nói] [1 ngày|đến 5h chiều] [mà|] [2 ngày|tới khuya] [mới có|mới có nước]",
};
constexpr const char* kRainOfficeArr[] = {
    "[⚠️ |]CẢNH BÁO MƯA LỚN, NGẬP ÚNG\nTheo dự báo, từ đêm {date} đến hết ngày {date2}, thị xã có mưa to đến rất to, lượng mưa phổ biến {mm}-{mm2}mm. Các khu vực trũng thấp như {street}, đường Bờ Sông, xã Cồn Mây có nguy cơ ngập. Người dân không đi qua các ngầm tràn, tuyệt đối không vớt củi trên sông Vân. Cần hỗ trợ, gọi đường dây nóng {hotline}.",
    "UBND thị xã đề nghị bà con vùng trũng {Ward} và xã Cồn Mây chủ động kê cao đồ đạc, di chuyển tài sản; các lực lượng trực 24/24 tại {lm}. Đường dây nóng: {hotline}.",
};
constexpr const char* kFloodPostsArr[] = {
    "[Mưa|Mưa to] [từ khuya|cả đêm] [giờ|tới giờ], {street} [ngập|ngập sâu] [tới|quá] [đầu gối|bánh xe] [rồi|luôn] [mọi người ơi|bà con ơi]",
    "[Tình hình|Cập nhật] [ngập|nước] [ở|tại] {ward} [lúc|] {h1}h: [nước|] [vào nhà|tràn vào sân], [đồ đạc|xe cộ] [ngâm|ướt] [hết|nước]",
    "[Đừng|Tránh] [đi|chạy] [qua|vào] {street} [nha|nhé] [mọi người|bà con], [ngập|chết máy] [cả dãy xe|hàng loạt]",
    "[Nước|Nước sông Vân] [lên|dâng] [nhanh|cao] [quá|lắm], [bà con|người dân] [ven sông|ở Cồn Mây, Bãi Dâu] [kê|dọn] đồ [lên cao|] [đi|nha]",
    "[Cống|Hố ga] [trên|ở] {street} [trào|bị trào] [ngược|nước], [rác|bùn] [tràn|đầy] [đường|mặt đường]. [Xin|Mong] [phường|xã] [cho người|] [xử lý|khơi thông]",
};
constexpr const char* kFloodCommentsArr[] = {
    "[Nhà|Nhà em] [cũng|] [ngập|vô nước] [rồi|luôn] 😭",
    "[Khu|Đoạn] {street} [còn|vẫn] [ngập|chưa rút] [không|ko] [mọi người|mn]?",
    "[Năm nào|Mưa nào] [cũng|cũng ngập] [vậy|thế]",
    "[Xe|Xe em] [chết máy|ngập] [giữa đường|luôn] [rồi|]",
    "[Cẩn thận|Coi chừng] [điện giật|hố ga] [nha|nhé] [mọi người|bà con]",
};
constexpr const char* kFloodNewsTitleArr[] = {
    "Mưa lớn gây ngập [cục bộ|nhiều tuyến đường] tại {tx}",
    "[Hàng chục|Nhiều] hộ dân {wn} [bị|] ngập sau trận mưa lớn đêm {date}",
};
constexpr const char* kFloodNewsBodyArr[] = {
    "Mưa lớn kéo dài từ đêm {date} khiến nhiều tuyến đường ở trung tâm thị xã ngập sâu [20-40|30-50|40-60] cm.",
    "Tại {street}, nhiều phương tiện chết máy, người dân phải dắt bộ.",
    "Lực lượng dân quân và công an {ward} đã hỗ trợ {nn} hộ di chuyển tài sản.",
    "Mực nước sông Vân tại cầu Vân Giang lên nhanh, ở mức báo động 1.",
    "Chưa ghi nhận thiệt hại về người.",
    "UBND thị xã yêu cầu các phường, xã kiểm tra đê, kè và các điểm sạt lở.",
};
constexpr const char* kFuelNewsTitleArr[] = {
    "Giá xăng [tăng|giảm] [nhẹ|hơn {delta} đồng/lít] từ {h1}h chiều {date}",
    "[Điều chỉnh giá xăng dầu|Giá xăng dầu] kỳ {date}: xăng RON 95 [lên|còn] {fuel} đồng/lít",
};
constexpr const char* kFuelNewsBodyArr[] = {
    "Theo liên Bộ Công Thương - Tài chính, từ {h1}h ngày {date}, giá xăng RON 95 là {fuel} đồng/lít.",
    "Xăng E5 RON 92 điều chỉnh tương ứng, chênh lệch khoảng {delta} đồng/lít.",
    "Tại các cửa hàng xăng dầu trên địa bàn thị xã, lượng khách đổ xăng trước giờ điều chỉnh tăng nhẹ.",
    "Giá dầu diesel cũng được điều chỉnh trong kỳ này.",
};
constexpr const char* kFuelPostsArr[] = {
    "Xăng [tăng|lên] [giá|] [từ|lúc] {h1}h [chiều nay|hôm nay] [nha|nhé] [mọi người|anh em], RON 95 {fuel}đ/lít",
    "[Cây xăng|Cây xăng gần] {lm} [đông|xếp hàng] [nghẹt|dài] [người|] [đổ xăng|] [trước giờ|trước khi] [tăng giá|điều chỉnh]",
    "[Xăng|Giá xăng] [giảm|xuống] [có|được] {delta}đ [mà|] [giá|đồ] [ngoài chợ|ăn] [không|chẳng] [giảm|thấy giảm]",
};
constexpr const char* kAccidentNewsTitleArr[] = {
    "[Va chạm|Tai nạn] giữa [xe tải và xe máy|hai xe máy|ô tô và xe máy] trên {street}, [một người bị thương|một người nhập viện]",
    "[Tai nạn giao thông|Va chạm giao thông] tại [nút giao|khu vực] {lm}",
};
constexpr const char* kAccidentNewsBodyArr[] = {
    "Khoảng {h1}h ngày {date}, trên {street} (đoạn gần {lm}) xảy ra vụ va chạm giữa hai phương tiện.",
    "Người bị nạn được đưa đi cấp cứu tại {bv}.",
    "Công an thị xã đã có mặt phân luồng, điều tra nguyên nhân.",
    "Theo người dân, đoạn đường này thường xuyên xảy ra va chạm do thiếu đèn chiếu sáng.",
    "Vụ tai nạn khiến giao thông qua khu vực ùn tắc khoảng {nn} phút.",
};
constexpr const char* kAccidentPostsArr[] = {
    "[Tai nạn|Va chạm] [ở|tại] {street} [gần|trước] {lm} [lúc|khoảng] {h1}h [sáng nay|chiều nay|tối nay]. [Cầu mong người bị nạn qua khỏi|Mong mọi người chạy chậm lại] [🙏|]",
    "[Vừa|Mới] [xảy ra|có] [tai nạn|va chạm] [trên|ở] {street}, [xe cứu thương|công an] [đã|đang] [tới|có mặt], [mọi người|ai] [đi|chạy] [qua|ngang] [đó|khu đó] [tránh|né] [ra|đường khác]",
    "[Khúc|Đoạn] {street} [này|đó] [tháng này|năm nay] [là|] [vụ thứ|lần thứ] {n} [rồi|], [khi nào|bao giờ] [mới|] [có|lắp] [đèn|gờ giảm tốc]?",
};
constexpr const char* kAccidentCommentsArr[] = {
    "[Cầu mong|Mong] [người bị nạn|anh ấy|chị ấy] [qua khỏi|bình an] 🙏",
    "[Chỗ đó|Khúc đó] [tối|thiếu đèn] [lắm|mà]",
    "[Xe tải|Xe ben] [chạy|phóng] [ẩu|nhanh] [quá|lắm]",
    "[Lắp|Làm] [gờ giảm tốc|đèn] [đi|gấp] [chứ|]",
};

// ---------------------------------------------------------------- slow stories

constexpr const char* kPotholePostsArr[] = {
    "Ổ gà [to đùng|sâu hoắm] trên {street} [đoạn|ngay] [trước|gần] {lm} [ngày càng|càng lúc càng] [to|sâu], [tối qua|hôm qua] [thêm|lại] [một|1] người té",
    "[Ngày thứ|Hôm nay là ngày thứ] {nn} [cái|] ổ gà [trên|ở] {street} [vẫn|chưa] [nằm đó|được vá]. [Ai lo|Ai chịu trách nhiệm] [đây|vậy]?",
    "[Lại|Thêm] [một|1] [vụ|người] té [vì|ở] ổ gà {street}. [Mọi người|Bà con] [chạy|đi] [qua đó|ngang đó] [né|tránh] [bên phải|sát lề] [nha|]",
    "[Cắm|Đặt] [cây|cành cây] [vào|giữa] ổ gà {street} [để|cho] [người ta|mọi người] [biết|tránh]. [Dân|Người dân] [tự|phải tự] [làm|cảnh báo] [luôn|]",
};
constexpr const char* kPotholeCommentsArr[] = {
    "[Hôm qua|Tuần trước] [em|mình] [cũng|] [sụp|té] [ổ gà|chỗ] [đó|này]",
    "[Báo|Phản ánh] [mấy lần|bao nhiêu lần] [rồi|mà] [chưa|vẫn chưa] [vá|sửa]",
    "[Tối|Trời tối] [không|ko] [thấy|thấy gì] [luôn|], [nguy hiểm|sợ] [lắm|]",
    "[Ai|Có ai] [có|biết] [số|sđt] [phường|bên quản lý đường] [không|ko]?",
};
constexpr const char* kPotholeOfficeAnswerArr[] = {
    "[TRẢ LỜI PHẢN ÁNH|PHẢN HỒI PHẢN ÁNH]: Về ổ gà trên {street} (đoạn gần {lm}), UBND thị xã đã giao Ban Quản lý dự án thị xã khắc phục. Sáng {date}, đơn vị thi công đã vá xong mặt đường. Cảm ơn bà con đã phản ánh!",
};
constexpr const char* kCompensationPostsArr[] = {
    "[Bà con|Các hộ] [vùng|khu] dự án Bờ Đông [ở|thuộc] {ward} [không đồng ý|chưa đồng ý] [giá|mức] đền bù {money}/m2, [mong|đề nghị] thị xã [đối thoại|xem xét lại]",
    "[Đã|Lại] [họp|lên họp] [lần thứ|] {n} [về|vụ] đền bù Bờ Đông [mà|nhưng] [vẫn|chưa] [chưa|không] [thống nhất|có câu trả lời]",
    "[Nhà|Đất] [ông bà|bố mẹ] [để lại|] [trong|thuộc] dự án Bờ Đông, [đền bù|giá] [không đủ|chẳng đủ] [mua|mua lại] [một|1] [lô|căn] [ở|tại] [khu tái định cư|TĐC] Phú Lộc",
    "[Chia sẻ|Cập nhật] [tình hình|] [đền bù|GPMB] Bờ Đông: [hôm nay|sáng nay] [đoàn|cán bộ] [xuống|về] [kiểm đếm|đo đạc] [tại|ở] {street}",
    "[Dự án|DA] Bờ Đông [đền bù|bồi thường] [kiểu gì|sao] [mà|] [nhà|hộ] [bên cạnh|kế bên] [được|nhận] [cao hơn|nhiều hơn] [nhà em|nhà mình]? [Cần|Phải] [công khai|minh bạch]",
};
constexpr const char* kCompensationCommentsArr[] = {
    "[Ủng hộ|Đồng ý] [bà con|mọi người] [đòi|yêu cầu] [quyền lợi|đền bù thỏa đáng]",
    "[Giá|Đơn giá] [đó|vậy] [mua|mua được] [cái gì|gì] [bây giờ|]",
    "[Nên|Hãy] [làm đơn|gửi đơn] [lên|tới] [thị xã|tỉnh] [đi|]",
    "[Hôm|Buổi] [đối thoại|họp] [có|] [ai|người] [ghi lại|quay lại] [không|ko]?",
};
constexpr const char* kCompensationOfficeArr[] = {
    "UBND thị xã thông tin về dự án Khu đô thị mới Bờ Đông: đơn giá bồi thường được xây dựng theo bảng giá đất và hệ số điều chỉnh của tỉnh, đã niêm yết công khai tại UBND phường Đông Thành và xã Phú Lộc. Các hộ có ý kiến sẽ được đối thoại trực tiếp vào ngày {date}.",
};
constexpr const char* kCompensationNewsTitleArr[] = {
    "Dự án Khu đô thị Bờ Đông: [người dân|nhiều hộ] [chưa đồng thuận|kiến nghị] [giá bồi thường|đơn giá đền bù]",
    "{Tx} đối thoại với [hộ dân|người dân] vùng dự án Bờ Đông",
};
constexpr const char* kCompensationNewsBodyArr[] = {
    "Dự án Khu đô thị mới Bờ Đông có diện tích hơn {nn} ha, ảnh hưởng đến khoảng {n}00 hộ dân.",
    "Tại buổi đối thoại, nhiều hộ dân kiến nghị nâng đơn giá bồi thường đất vườn liền kề.",
    "Lãnh đạo thị xã cho biết sẽ đề xuất tỉnh xem xét hệ số điều chỉnh giá đất.",
    "Các hộ đủ điều kiện được bố trí tái định cư tại khu Phú Lộc.",
    "Đến nay đã có {nn}% số hộ bàn giao mặt bằng.",
};
constexpr const char* kDenguePostsArr[] = {
    "[Xóm|Khu] [em|mình] [ở|tại] {street} [thêm|có thêm] {n} [người|ca] sốt xuất huyết [rồi|nữa], [muỗi|lăng quăng] [nhiều|đầy] [quá|lắm]",
    "[Con|Bé nhà] [em|mình] [bị|dính] sốt xuất huyết [đang|phải] [nằm viện|điều trị] [ở|tại] {bv}, [mọi người|các mẹ] [nhớ|phải] [ngủ mùng|cho con ngủ màn] [nha|]",
    "[Khi nào|Bao giờ] [phun thuốc muỗi|phun hóa chất] [ở|cho] {ward} [vậy|ạ]? [Cả xóm|Khu em] [sốt|có người sốt] [hết|mấy nhà]",
};
constexpr const char* kDengueOfficeArr[] = {
    "Trung tâm Y tế thị xã thông báo: ghi nhận ổ dịch sốt xuất huyết tại {Ward}. Ngày {date}, tổ chức phun hóa chất diệt muỗi khu vực {street}, {street2}. Đề nghị bà con mở cửa để đội phun thực hiện và diệt lăng quăng quanh nhà.",
};
constexpr const char* kDengueNewsTitleArr[] = {
    "Sốt xuất huyết tăng tại {ward}, [phun hóa chất|xử lý ổ dịch] [khẩn cấp|diện rộng]",
};
constexpr const char* kDengueNewsBodyArr[] = {
    "Từ đầu tháng, {ward} ghi nhận {nn} ca mắc sốt xuất huyết, tăng so với cùng kỳ.",
    "Trung tâm Y tế thị xã đã phun hóa chất diệt muỗi cho hơn {n}00 hộ.",
    "Người dân được khuyến cáo súc rửa dụng cụ chứa nước, ngủ màn cả ban ngày.",
    "Khi có dấu hiệu sốt cao liên tục, người dân cần đến cơ sở y tế, không tự ý điều trị tại nhà.",
};
constexpr const char* kScamWarningOfficeArr[] = {
    "⚠️ CẢNH BÁO LỪA ĐẢO: Thời gian gần đây xuất hiện [các cuộc gọi|tin nhắn] giả danh [cán bộ công an|nhân viên {dl}|cán bộ BHXH|cán bộ thuế] yêu cầu người dân [chuyển tiền|cài ứng dụng lạ|cung cấp mã OTP|bấm vào đường link]. Cơ quan nhà nước KHÔNG làm việc qua điện thoại và không yêu cầu chuyển tiền. Bà con nhận được cuộc gọi nghi vấn, báo ngay công an phường, xã.",
    "UBND thị xã [cảnh báo|lưu ý]: trang Facebook giả mạo UBND thị xã đang [chạy quảng cáo|đăng tin] \"hỗ trợ tiền\" kèm đường link lạ. Trang chính thức duy nhất của thị xã là trang này. Tuyệt đối không cung cấp thông tin cá nhân, mã OTP cho bất kỳ ai.",
    "Công an thị xã: trong tháng {mo} đã tiếp nhận {n} vụ lừa đảo qua mạng với thủ đoạn giả danh [ngân hàng|{dl}|giáo viên báo con cấp cứu]. Bà con cảnh giác, chia sẻ cho người thân, nhất là người cao tuổi.",
};

// ---------------------------------------------------------------- rumours

constexpr const char* kR1Claims[] = {
    "[NÓNG|KHẨN|CẢNH BÁO]: [Nước máy|Nước sinh hoạt] [của|từ] nhà máy nước Vân Sơn [bị|đã bị] nhiễm [hóa chất độc|chất độc|thuốc trừ sâu], [bà con|mọi người] [tuyệt đối|] không [dùng|được dùng] [để nấu ăn, uống|nấu ăn] [trong 3 ngày tới|từ hôm nay]!",
    "[Nghe|Nghe nói|Người quen làm bên cấp nước nói] nước máy [Bến Vân|thị xã] [đang bị|bị] nhiễm độc, [cả xóm|nhiều nhà] [ở|bên] {wn} [bị|đã bị] [đau bụng|tiêu chảy] [rồi|], mọi người [mua nước bình|trữ nước đóng chai] [mà dùng|đi]",
    "[Chia sẻ|Share gấp]: [Không|Đừng] [uống|dùng] nước máy [mấy ngày này|trong 3 ngày], nhà máy nước Vân Sơn [gặp sự cố|bị rò] hóa chất [nhưng|mà] [không|chưa] [thông báo|công bố]!!!",
    "Nước máy [nhiễm độc|bị nhiễm hóa chất] [thật không|có thật không] [mọi người|cả nhà]? [Thấy|Đọc] [trên mạng|trong nhóm] [share|chia sẻ] [quá trời|nhiều lắm], [nhà em|nhà mình] [có|] con nhỏ [lo quá|sợ quá]",
};
constexpr const char* kR1Comments[] = {
    "[Thật|Thiệt] [không|ko] [vậy|trời]?",
    "[Nhà|Nhà mình] [vừa|mới] [nấu cơm|pha sữa cho con] [bằng|với] nước máy [xong|] [😱|]",
    "Nguồn [đâu|ở đâu] [vậy|ạ]?",
    "[Đi mua|Mua] nước [bình|đóng chai] [hết sạch|cháy hàng] [rồi|] [ở|tại] {lm}",
    "[Fake|Tin vịt|Tin đồn] [thôi|đó], [đừng|ko] [share|hoang mang]",
    "[Chính quyền|Công ty nước] [lên tiếng|nói gì] [đi|chứ]",
    "Nước [nhà|] [em|mình] [ở|tại] {wn} [vẫn|] [trong|bình thường] [mà|]",
    "[Sợ|Lo] [quá|ghê], [nhà|mình] [có|] [con nhỏ|em bé] [nữa|]",
};
constexpr const char* kR1Zalo[] = {
    "[Cho em hỏi|Xin hỏi] [tin|thông tin] nước máy bị nhiễm độc [có|là] [đúng|thật] không ạ? [Nhà em|Gia đình em] [ở|tại] {ward}",
    "[Nước máy|Nước] [có|] [dùng|uống] [được|an toàn] không ạ, [trên mạng|nhóm Bến Vân] [nói|báo] [bị nhiễm độc|nhiễm hóa chất]",
};
constexpr const char* kR1Office[] = {
    "[THÔNG TIN CHÍNH THỨC|BÁC BỎ TIN ĐỒN] VỀ CHẤT LƯỢNG NƯỚC MÁY\nThông tin \"nước máy nhiễm độc, không được dùng trong 3 ngày\" đang lan truyền là SAI SỰ THẬT. {Cn} và Trung tâm Kiểm soát bệnh tật tỉnh đã lấy mẫu nước tại nhà máy nước Vân Sơn và {n} điểm trên mạng lưới sáng {date}; kết quả đều đạt quy chuẩn. Nước đục cục bộ ở một số hộ là do súc xả đường ống. Đề nghị bà con không chia sẻ tin chưa kiểm chứng. Chi tiết: {fc}",
};
constexpr const char* kR1NewsTitle[] = {
    "Thông tin nước máy Bến Vân nhiễm độc là sai sự thật",
    "[Bác bỏ|Xác minh] tin đồn nước máy nhiễm hóa chất tại {tx}",
};
constexpr const char* kR1NewsBody[] = {
    "Những ngày qua, trên mạng xã hội lan truyền thông tin nước máy do nhà máy nước Vân Sơn cung cấp bị nhiễm hóa chất độc.",
    "Kết quả xét nghiệm của Trung tâm Kiểm soát bệnh tật tỉnh cho thấy các chỉ tiêu đều đạt quy chuẩn nước sạch sinh hoạt.",
    "Theo {cn}, hiện tượng nước đục ở một số hộ là do súc xả tuyến ống sau sửa chữa.",
    "Cơ quan công an đang xác minh tài khoản đăng tải thông tin sai sự thật.",
    "Người dân có thắc mắc có thể liên hệ đường dây nóng của công ty cấp nước.",
};

constexpr const char* kR2Claims[] = {
    "[THÔNG BÁO|TB] [KHẨN|]: [Toàn bộ|Tất cả] học sinh [mầm non, tiểu học, THCS|các cấp] [trên địa bàn|] thị xã Bến Vân [được|sẽ] nghỉ học [2 tuần|từ thứ Hai tuần sau] [do|vì] dịch cúm A [bùng phát|lan rộng]. [Phụ huynh|Quý phụ huynh] [chủ động|] [sắp xếp|trông con].",
    "[Ảnh|Văn bản] [thông báo|] [của|] Phòng Giáo dục [cho|về việc cho] học sinh nghỉ học [vì|do] cúm A [đang lan truyền|mọi người xem]: nghỉ từ {fdate} [đến|tới] hết {fdate2}",
    "[Ai|Có ai] [biết|nhận được] [tin|thông báo] học sinh [Bến Vân|thị xã] [nghỉ học|được nghỉ] [vì|do] [dịch cúm|cúm A] [chưa|không]? [Trường|Lớp] {kid} [chưa báo gì|chưa thấy báo]",
    "[Chia sẻ|Share]: cúm A [lan|bùng] [ở|tại] {school}, [cả thị xã|toàn bộ trường] [cho|] học sinh nghỉ [từ|bắt đầu] {fdate}!!!",
};
constexpr const char* kR2Comments[] = {
    "[Giáo viên|Cô chủ nhiệm] [lớp|] [con em|bé nhà mình] [nói|bảo] không có [thông báo|] [này|đó] [nha|]",
    "[Nghỉ|Nghỉ thì] [ai|lấy ai] [trông|giữ] [con|tụi nhỏ] [đây|trời]",
    "[Văn bản|Thông báo] [có|] [dấu|con dấu] [không|ko] [vậy|mà share]?",
    "[Lớp|Trường] [em|con mình] [vẫn|] [học|đi học] [bình thường|mà]",
    "[Sợ|Lo] [cúm|dịch] [thật|quá], [cho nghỉ|nghỉ] [cũng|] [được|tốt]",
};
constexpr const char* kR2Zalo[] = {
    "[Cho hỏi|Kính hỏi] [thông báo|tin] [cho|] học sinh nghỉ học vì cúm A [có|là] [chính thức|thật] không ạ?",
};
constexpr const char* kR2Office[] = {
    "THÔNG TIN VỀ VIỆC \"HỌC SINH NGHỈ HỌC VÌ CÚM A\"\nPhòng Giáo dục và Đào tạo thị xã KHÔNG ban hành văn bản nào cho học sinh nghỉ học. Văn bản đang lan truyền là giả mạo (sai tên cơ quan, không có số hiệu). Các trường vẫn dạy học bình thường; ngành y tế chưa ghi nhận ổ dịch cúm A trong trường học. Chi tiết: {fc}",
};
constexpr const char* kR2NewsTitle[] = {"Văn bản cho học sinh {tx} nghỉ học vì cúm A là giả mạo"};
constexpr const char* kR2NewsBody[] = {
    "Phòng Giáo dục và Đào tạo thị xã khẳng định không ban hành văn bản cho học sinh nghỉ học.",
    "Văn bản giả mạo sử dụng sai tên cơ quan và không có số hiệu, ngày ban hành.",
    "Trung tâm Y tế thị xã cho biết chưa ghi nhận ổ dịch cúm A trong các trường học.",
    "Các trường trên địa bàn vẫn tổ chức dạy học bình thường.",
};

constexpr const char* kR3Claims[] = {
    "[Từ|Bắt đầu từ] ngày {fdate} [đội|ai đội] mũ bảo hiểm [nửa đầu|không có tem hợp quy|không có tem] [sẽ bị|bị] phạt [2 triệu|2.000.000đ], [CSGT|công an] [bắt đầu|] [kiểm tra|ra quân] [toàn thị xã|từ tuần sau]. [Ai|Mọi người] [còn mũ cũ|đội mũ rởm] [thay|đổi] [ngay|gấp] [đi|]!",
    "[Chia sẻ|Share]: [Mức phạt|Phạt] [mũ bảo hiểm|mũ] [không đạt chuẩn|kém chất lượng] [lên|tăng lên] 2 triệu [từ|kể từ] {fdate}, [kể cả|cả] [trẻ em|người ngồi sau]...",
    "[NÓNG|Tin mới]: [công an|CSGT] thị xã [thông báo|sẽ] phạt 2 triệu [với|đối với] mũ bảo hiểm [nửa đầu|không tem] [từ|sau] {fdate}",
};
constexpr const char* kR3Comments[] = {
    "2 triệu [hả|á] [trời|]?! [Cái mũ|Mũ] [có|chỉ] [100k|mấy chục nghìn]",
    "[Nguồn|Văn bản] [nào|số mấy] [vậy|]?",
    "[Lại|Chắc lại] [tin|chiêu] [bán mũ|bán hàng] [thôi|]",
    "[Mua|Thay] [mũ|mũ mới] [cho|] [cả nhà|mấy đứa nhỏ] [luôn|] [cho chắc|]",
    "[Chưa thấy|Không thấy] [công an|báo] [nói|đăng] [gì|] [hết|]",
};
constexpr const char* kR3Zalo[] = {
    "[Xin hỏi|Cho em hỏi] [từ|sau] {fdate} [đội|] mũ bảo hiểm [nửa đầu|không tem] [có|] bị phạt 2 triệu [thật|] không ạ?",
};
constexpr const char* kR3Office[] = {
    "VỀ THÔNG TIN \"PHẠT 2 TRIỆU VÌ ĐỘI MŨ BẢO HIỂM NỬA ĐẦU\"\nCông an thị xã thông tin: không có quy định mới nào xử phạt 2 triệu đồng đối với mũ bảo hiểm nửa đầu đạt chuẩn. Việc xử phạt chỉ áp dụng khi không đội mũ hoặc đội mũ không cài quai đúng quy cách, theo mức hiện hành. Người dân nên dùng mũ có tem hợp quy để bảo vệ chính mình. Chi tiết: {fc}",
};
constexpr const char* kR3NewsTitle[] = {"[Thực hư|Sự thật] thông tin phạt 2 triệu đồng vì đội mũ bảo hiểm nửa đầu"};
constexpr const char* kR3NewsBody[] = {
    "Mạng xã hội những ngày qua lan truyền thông tin từ ngày {fdate} người đội mũ bảo hiểm nửa đầu sẽ bị phạt 2 triệu đồng.",
    "Công an thị xã khẳng định không có quy định mới nào như vậy.",
    "Mức xử phạt với hành vi không đội mũ bảo hiểm hoặc không cài quai vẫn giữ nguyên.",
    "Lực lượng chức năng khuyến cáo người dân sử dụng mũ bảo hiểm có tem hợp quy.",
};

constexpr const char* kR4Claims[] = {
    "[NÓNG|Tin nóng]: Thị xã [sắp|chuẩn bị] thu hồi [toàn bộ|hết] đất xã Phú Lộc [và Đồng Gạo|] [để|làm] [khu công nghiệp|sân golf], [đền bù|giá đền bù] chỉ 150 nghìn/m2. [Bà con|Người dân] [giữ đất|đừng bán đất|đừng ký gì hết]!",
    "[Nghe|Nghe nói|Bên địa chính nói] [quy hoạch mới|bản quy hoạch] [thu hồi|lấy] [cả|toàn bộ] xã Phú Lộc [làm|để làm] [khu công nghiệp|KCN], [ai|nhà nào] có đất [ở|bên] [đó|Phú Lộc] [chuẩn bị|lo] [đi|]...",
    "[Chia sẻ|Share] [bản đồ|ảnh] quy hoạch: [toàn bộ|cả] Phú Lộc [và|,] Đồng Gạo [tô màu|thành] đất công nghiệp, [thu hồi|giải tỏa] [từ|trong] năm sau, [đền bù|giá] 150k/m2",
};
constexpr const char* kR4Comments[] = {
    "[Đất|Đất nhà] [ông bà|tổ tiên] [để lại|] [sao|làm sao] [giao|bán] [150k|150 nghìn] [được|]",
    "Ai [có|thấy] [văn bản|quyết định] [không|]?",
    "[Lên|Đến] [xã|UBND xã] [hỏi|hỏi rồi] [họ bảo|nói] [không có|chưa có] [kế hoạch|quy hoạch] [đó|này]",
    "[Cò đất|Tụi cò] [tung tin|tạo tin] [để|cho] [ép giá|mua rẻ] [thôi|đó]",
    "[Lo|Hoang mang] [quá|lắm] [mọi người|bà con] [ơi|]",
};
constexpr const char* kR4Zalo[] = {
    "[Cho em hỏi|Xin hỏi] [có|] [đúng|thật] [là|] [thị xã|nhà nước] [sắp|] thu hồi [toàn bộ|hết] đất [xã|] Phú Lộc [làm|để làm] khu công nghiệp không ạ?",
};
constexpr const char* kR4Office[] = {
    "BÁC BỎ THÔNG TIN \"THU HỒI TOÀN BỘ ĐẤT XÃ PHÚ LỘC\"\nUBND thị xã khẳng định: không có chủ trương, quy hoạch nào thu hồi toàn bộ đất xã Phú Lộc, Đồng Gạo để làm khu công nghiệp. Quy hoạch sử dụng đất đã được công khai tại UBND các xã và trên Cổng thông tin thị xã. Mức \"150 nghìn/m2\" là bịa đặt. Đề nghị bà con cảnh giác với tin đồn nhằm ép giá mua đất. Chi tiết: {fc}",
};
constexpr const char* kR4NewsTitle[] = {"Tin đồn thu hồi toàn bộ đất xã Phú Lộc [là sai sự thật|: thị xã lên tiếng]"};
constexpr const char* kR4NewsBody[] = {
    "UBND thị xã khẳng định không có quy hoạch thu hồi toàn bộ đất xã Phú Lộc để làm khu công nghiệp.",
    "Quy hoạch sử dụng đất đến năm 2030 đã được công khai tại trụ sở UBND các xã.",
    "Chính quyền cảnh báo tình trạng tung tin đồn để ép giá mua đất của người dân.",
    "Người dân có thể tra cứu quy hoạch tại Phòng Tài nguyên và Môi trường thị xã.",
};

constexpr const char* kR5Claims[] = {
    "[THÔNG BÁO|TB] [KHẨN|]: Điện lực Bến Vân [sẽ|] cắt điện [toàn|toàn bộ] thị xã [3 ngày|liên tục 3 ngày] từ {fdate} [để|nhằm] [thay|nâng cấp] [toàn bộ|] lưới điện. [Bà con|Mọi người] [trữ nước|sạc pin|mua nến] [sẵn|trước] [đi|nha]!",
    "[Cúp|Cắt] điện [3 ngày liền|72 tiếng] [toàn thị xã|cả Bến Vân] [từ|bắt đầu] {fdate}, [share|chia sẻ] [cho|để] [mọi người|bà con] [biết|chuẩn bị]!!!",
    "[Nghe|Nghe nói] [từ|ngày] {fdate} [điện lực|bên điện] cắt điện [cả|toàn] thị xã [3 ngày|ba ngày], [ai|có ai] [biết|có thông tin] [chính xác|chính thức] không?",
};
constexpr const char* kR5Comments[] = {
    "[3 ngày|72 tiếng] không điện [sống sao|chịu sao nổi] [trời|]",
    "[Tủ lạnh|Đồ trong tủ] [hư hết|thì sao] [trời|]",
    "[Lịch|Lịch trên trang điện lực] [không có|chỉ cắt từng khu] [mà|]",
    "[Mua|Đi mua] [máy phát|đèn sạc] [thôi|liền]",
    "[Fake|Tin giả] [rồi|đó], [đừng|đừng có] [share|tin]",
};
constexpr const char* kR5Zalo[] = {
    "[Cho em hỏi|Xin hỏi] [có|] [đúng là|phải] [cắt điện|cúp điện] toàn thị xã 3 ngày từ {fdate} không ạ?",
};
constexpr const char* kR5Office[] = {
    "THÔNG TIN \"CẮT ĐIỆN TOÀN THỊ XÃ 3 NGÀY\" LÀ SAI SỰ THẬT\n{Dl} khẳng định không có kế hoạch ngừng cấp điện toàn thị xã. Lịch tạm ngừng cung cấp điện chỉ áp dụng theo từng khu vực, từng khung giờ và được đăng trên Trang này trước ít nhất 3 ngày. Chi tiết: {fc}",
};
constexpr const char* kR5NewsTitle[] = {"{Dl} bác bỏ thông tin cắt điện toàn thị xã 3 ngày"};
constexpr const char* kR5NewsBody[] = {
    "Thông tin cắt điện toàn thị xã trong 3 ngày từ {fdate} là không chính xác.",
    "{Dl} chỉ tạm ngừng cung cấp điện theo từng khu vực để bảo dưỡng lưới điện.",
    "Lịch cụ thể được thông báo trước trên các kênh chính thức của ngành điện và của thị xã.",
    "Đơn vị đề nghị khách hàng chỉ theo dõi thông tin từ các kênh chính thức.",
};

constexpr const char* kR6Claims[] = {
    "[Chợ|Chợ trung tâm] Bến Vân [sắp|] bị giải tỏa [cuối năm nay|đầu năm sau] [để|nhường chỗ] xây trung tâm thương mại, tiểu thương [phải|bị buộc] tự [di dời|tìm chỗ], không [có|được] [hỗ trợ|đền bù] gì",
    "[Nghe|Nghe nói] [chợ|chợ Bến Vân] [bán|giao] [cho|] [tư nhân|doanh nghiệp] [xây|làm] [TTTM|trung tâm thương mại], [bà con|tiểu thương] [buôn bán|bán] [ở đó|lâu năm] [mất|bị mất] [sạp|chỗ] [hết|]!",
    "[Chia sẻ|Share]: [Sau Tết|Tháng sau] [đập|phá] chợ Bến Vân, [tiểu thương|các sạp] [tự lo|không được bố trí chỗ mới]...",
};
constexpr const char* kR6Comments[] = {
    "[Buôn bán|Bán] ở chợ [30 năm|mấy chục năm] [giờ|] [đi đâu|biết đi đâu]",
    "[Chợ|Chợ cũ] [xuống cấp|dột nát] [thật|quá] [mà|], [sửa|xây lại] [cũng|] [phải|nên]",
    "[Hỏi|Hỏi thử] [ban quản lý chợ|BQL chợ] [chưa|xem]?",
    "[Thương|Tội] [các cô|tiểu thương] [quá|ghê]",
};
constexpr const char* kR6Zalo[] = {
    "[Cho hỏi|Xin hỏi] chợ Bến Vân [có|] [bị|sắp bị] giải tỏa [không|thật không] ạ, [em|tôi] [có|đang thuê] sạp [ở đó|trong chợ]",
};
constexpr const char* kR6Office[] = {
    "THÔNG TIN VỀ CHỢ BẾN VÂN\nThông tin \"giải tỏa chợ Bến Vân, tiểu thương tự di dời\" là GÂY HIỂU LẦM. Theo kế hoạch đã thông qua, chợ Bến Vân sẽ được cải tạo, nâng cấp trong năm 2027 (không giải tỏa); trong thời gian thi công, tiểu thương được bố trí chợ tạm trên đường Bạch Đằng và giữ nguyên quyền sử dụng sạp. Chi tiết: {fc}",
};
constexpr const char* kR6NewsTitle[] = {"Chợ Bến Vân sẽ được cải tạo, không giải tỏa"};
constexpr const char* kR6NewsBody[] = {
    "Theo UBND thị xã, chợ Bến Vân sẽ được cải tạo, nâng cấp trong năm 2027.",
    "Trong thời gian thi công, tiểu thương được bố trí chợ tạm trên đường Bạch Đằng.",
    "Các hộ kinh doanh giữ nguyên quyền sử dụng điểm kinh doanh sau cải tạo.",
    "Ban quản lý chợ sẽ tổ chức họp với tiểu thương để lấy ý kiến về phương án.",
};

constexpr RumourVocab kRumourList[] = {
    {"nuoc-may-nhiem-doc", kNgapMoiTruong, 0.17, 19, kR1Claims, kR1Comments, kR1Zalo, kR1Office, kR1NewsTitle, kR1NewsBody},
    {"hoc-sinh-nghi-hoc-cum-a", kGiaoDuc, 0.37, 20, kR2Claims, kR2Comments, kR2Zalo, kR2Office, kR2NewsTitle, kR2NewsBody},
    {"phat-mu-bao-hiem-2-trieu", kGiaoThong, 0.5, 9, kR3Claims, kR3Comments, kR3Zalo, kR3Office, kR3NewsTitle, kR3NewsBody},
    {"thu-hoi-dat-phu-loc", kDatDai, 0.63, 11, kR4Claims, kR4Comments, kR4Zalo, kR4Office, kR4NewsTitle, kR4NewsBody},
    {"cat-dien-toan-thi-xa", kDienNuoc, 0.77, 21, kR5Claims, kR5Comments, kR5Zalo, kR5Office, kR5NewsTitle, kR5NewsBody},
    {"giai-toa-cho-ben-van", kGiaCa, 0.9, 7, kR6Claims, kR6Comments, kR6Zalo, kR6Office, kR6NewsTitle, kR6NewsBody},
};

// ---------------------------------------------------------------- fact-checks

constexpr FactCheckVocab kFactCheckList[] = {
    {"nuoc-may-ben-van-nhiem-doc", "Nước máy của nhà máy nước Vân Sơn bị nhiễm hóa chất độc, người dân không được dùng để nấu ăn, uống trong 3 ngày.", "Sai",
     "Công ty Cổ phần Cấp nước Bến Vân và Trung tâm Kiểm soát bệnh tật tỉnh đã lấy mẫu tại nhà máy nước Vân Sơn và trên mạng lưới; tất cả chỉ tiêu đều đạt quy chuẩn nước sạch sinh hoạt. Hiện tượng nước đục ở một số hộ là do súc xả đường ống sau sửa chữa. Nguồn: Công ty Cổ phần Cấp nước Bến Vân, kết quả xét nghiệm của CDC tỉnh.", 0},
    {"hoc-sinh-nghi-hoc-vi-cum-a", "Toàn bộ học sinh thị xã Bến Vân được nghỉ học 2 tuần do dịch cúm A bùng phát.", "Sai",
     "Phòng Giáo dục và Đào tạo thị xã không ban hành văn bản cho học sinh nghỉ học; văn bản lan truyền là giả mạo, sai tên cơ quan và không có số hiệu. Trung tâm Y tế thị xã chưa ghi nhận ổ dịch cúm A trong trường học. Nguồn: Phòng Giáo dục và Đào tạo, Trung tâm Y tế thị xã.", 1},
    {"phat-2-trieu-mu-bao-hiem-nua-dau", "Từ tháng tới, người đội mũ bảo hiểm nửa đầu hoặc mũ không có tem sẽ bị phạt 2 triệu đồng.", "Gây hiểu lầm",
     "Không có quy định mới xử phạt mũ bảo hiểm nửa đầu đạt chuẩn; xử phạt chỉ áp dụng khi không đội mũ hoặc đội mũ không cài quai đúng quy cách, theo mức hiện hành. Mũ có tem hợp quy vẫn được khuyến khích vì an toàn. Nguồn: Công an thị xã Bến Vân.", 2},
    {"thu-hoi-toan-bo-dat-xa-phu-loc", "Thị xã sắp thu hồi toàn bộ đất xã Phú Lộc và Đồng Gạo để làm khu công nghiệp, đền bù 150 nghìn đồng/m2.", "Sai",
     "Quy hoạch sử dụng đất của thị xã không có chủ trương thu hồi toàn bộ đất hai xã; quy hoạch đã được công khai tại UBND các xã. Con số 150 nghìn đồng/m2 là bịa đặt, có dấu hiệu nhằm ép giá mua đất. Nguồn: Phòng Tài nguyên và Môi trường thị xã.", 3},
    {"cat-dien-toan-thi-xa-3-ngay", "Điện lực Bến Vân cắt điện toàn thị xã liên tục 3 ngày để thay lưới điện.", "Sai",
     "Điện lực Bến Vân không có kế hoạch ngừng cấp điện toàn thị xã; lịch tạm ngừng cung cấp điện chỉ áp dụng theo từng khu vực, từng khung giờ và được thông báo trước ít nhất 3 ngày. Nguồn: Điện lực Bến Vân.", 4},
    {"giai-toa-cho-ben-van", "Chợ Bến Vân sắp bị giải tỏa để xây trung tâm thương mại, tiểu thương phải tự di dời, không được hỗ trợ.", "Gây hiểu lầm",
     "Chợ Bến Vân được cải tạo, nâng cấp theo kế hoạch năm 2027, không giải tỏa; tiểu thương được bố trí chợ tạm trên đường Bạch Đằng và giữ quyền sử dụng điểm kinh doanh. Nguồn: Ban Quản lý chợ, UBND thị xã.", 5},
    {"dong-tien-dien-qua-link-tin-nhan", "Khách hàng nợ tiền điện phải thanh toán ngay qua đường link gửi trong tin nhắn, nếu không sẽ bị cắt điện trong 2 giờ.", "Sai",
     "Ngành điện không gửi đường link yêu cầu thanh toán qua tin nhắn và không cắt điện vì lý do này mà không thông báo. Đây là thủ đoạn lừa đảo chiếm đoạt tài khoản ngân hàng. Nguồn: Điện lực Bến Vân, Công an thị xã.", -1},
    {"cong-an-goi-dien-yeu-cau-chuyen-tien", "Cán bộ công an phường gọi điện yêu cầu người dân chuyển tiền vào tài khoản tạm giữ để xác minh vụ án.", "Sai",
     "Cơ quan công an không làm việc, không yêu cầu chuyển tiền qua điện thoại; mọi việc xác minh đều có giấy mời trực tiếp. Người dân nhận cuộc gọi như vậy cần báo ngay công an nơi cư trú. Nguồn: Công an thị xã Bến Vân.", -1},
    {"cap-doi-cccd-mat-500-nghin", "Cấp đổi căn cước tại thị xã phải nộp phí 500.000 đồng.", "Sai",
     "Lệ phí cấp đổi căn cước thực hiện theo quy định của Bộ Tài chính, thấp hơn nhiều so với con số lan truyền, và được miễn trong một số trường hợp. Người dân không nộp thêm khoản nào ngoài biên lai. Nguồn: Công an thị xã Bến Vân.", -1},
    {"hoc-phi-thcs-tang-gap-doi", "Học phí THCS tại thị xã năm học này tăng gấp đôi.", "Gây hiểu lầm",
     "Mức học phí năm học này theo nghị quyết của HĐND tỉnh, điều chỉnh tăng nhẹ so với năm trước chứ không tăng gấp đôi; nhiều đối tượng được miễn, giảm. Các khoản thu khác ngoài học phí không phải là học phí. Nguồn: Phòng Giáo dục và Đào tạo thị xã.", -1},
    {"thit-heo-cho-ben-van-200-nghin", "Giá thịt heo tại chợ Bến Vân đã lên 200.000 đồng/kg.", "Sai",
     "Khảo sát của Phòng Kinh tế thị xã cho thấy giá thịt heo tại chợ Bến Vân dao động từ 110.000 đến 145.000 đồng/kg tùy loại. Nguồn: Phòng Kinh tế thị xã, khảo sát giá hằng tuần.", -1},
    {"de-song-van-bi-vo-bai-dau", "Đê sông Vân đoạn phường Bãi Dâu đã bị vỡ, nước tràn vào khu dân cư.", "Sai",
     "Đê sông Vân đoạn Bãi Dâu được kiểm tra hằng ngày trong mùa mưa và không có sự cố vỡ đê. Hình ảnh lan truyền được chụp ở một địa phương khác từ năm trước. Nguồn: Ban Chỉ huy phòng chống thiên tai thị xã.", -1},
    {"cau-van-giang-nut-sap-sap", "Cầu Vân Giang bị nứt nghiêm trọng, có nguy cơ sập.", "Sai",
     "Vết nứt trong ảnh là khe co giãn của mặt cầu, một cấu tạo bình thường. Cầu Vân Giang được kiểm định định kỳ, kết quả gần nhất đảm bảo an toàn khai thác. Nguồn: Ban Quản lý dự án thị xã.", -1},
    {"benh-vien-tu-choi-bhyt-cuoi-tuan", "Bệnh viện Đa khoa thị xã từ chối khám cho người có thẻ BHYT vào cuối tuần.", "Sai",
     "Bệnh viện vẫn khám, chữa bệnh BHYT vào sáng thứ Bảy và cấp cứu 24/24 theo quy định; việc đặt lịch trước không bắt buộc. Nguồn: Bệnh viện Đa khoa thị xã Bến Vân.", -1},
    {"dong-gao-co-o-dich-sot-xuat-huyet", "Xã Đồng Gạo đang có ổ dịch sốt xuất huyết.", "Đúng",
     "Trung tâm Y tế thị xã xác nhận đã ghi nhận ổ dịch sốt xuất huyết tại xã Đồng Gạo và tổ chức phun hóa chất diệt muỗi. Người dân cần diệt lăng quăng, ngủ màn và đi khám khi sốt cao. Nguồn: Trung tâm Y tế thị xã.", -1},
    {"la-oi-chua-sot-xuat-huyet", "Uống nước lá ổi giúp chữa khỏi sốt xuất huyết tại nhà.", "Sai",
     "Không có bằng chứng khoa học cho thấy lá ổi chữa được sốt xuất huyết; tự điều trị tại nhà có thể làm bệnh nặng thêm. Người bệnh cần được theo dõi tại cơ sở y tế. Nguồn: Trung tâm Y tế thị xã.", -1},
    {"khai-sinh-truc-tuyen-mat-phi", "Đăng ký khai sinh trực tuyến phải trả phí.", "Sai",
     "Đăng ký khai sinh đúng hạn, kể cả nộp trực tuyến, không mất lệ phí. Người dân chỉ trả cước bưu chính nếu chọn nhận kết quả qua bưu điện. Nguồn: Phòng Tư pháp thị xã.", -1},
    {"tang-gia-nuoc-tu-thang-11", "Giá nước sinh hoạt ở Bến Vân tăng từ tháng 11.", "Chưa có căn cứ",
     "Công ty Cổ phần Cấp nước Bến Vân cho biết mới trình phương án giá, chưa được cơ quan có thẩm quyền phê duyệt; giá nước hiện hành vẫn được áp dụng. Nguồn: Công ty Cổ phần Cấp nước Bến Vân.", -1},
    {"bat-coc-tre-em-xe-ban-kem", "Có nhóm người dùng xe bán kem để bắt cóc trẻ em ở phường Ngọc Lâm.", "Sai",
     "Công an phường Ngọc Lâm đã xác minh, không có vụ bắt cóc nào; người bán kem trong clip là người bán hàng rong quen thuộc. Nguồn: Công an thị xã Bến Vân.", -1},
    {"kcn-dong-thanh-xa-thai-ca-chet", "Khu công nghiệp Đông Thành xả thải ra sông Vân làm cá chết hàng loạt.", "Chưa có căn cứ",
     "Đoàn kiểm tra liên ngành đã lấy mẫu nước thải và nước sông, đang chờ kết quả phân tích; thị xã sẽ công bố khi có kết luận. Nguồn: Phòng Tài nguyên và Môi trường thị xã.", -1},
    {"xe-buyt-ben-van-ngung-chay", "Tuyến xe buýt Bến Vân - thành phố ngừng hoạt động từ tháng này.", "Sai",
     "Tuyến xe buýt vẫn hoạt động bình thường, chỉ điều chỉnh giờ chuyến đầu vào cuối tuần. Nguồn: Sở Giao thông vận tải tỉnh.", -1},
    {"nop-lai-so-ho-khau-de-lam-cccd", "Phải nộp lại sổ hộ khẩu giấy thì mới được cấp căn cước.", "Gây hiểu lầm",
     "Sổ hộ khẩu giấy không còn giá trị sử dụng nhưng không phải nộp lại để làm căn cước; thông tin cư trú được tra cứu trên Cơ sở dữ liệu quốc gia về dân cư. Nguồn: Công an thị xã Bến Vân.", -1},
    {"ho-tro-2-trieu-khi-cai-ung-dung", "Người dân được nhận hỗ trợ 2 triệu đồng khi cài ứng dụng qua đường link của UBND thị xã.", "Sai",
     "UBND thị xã không có chương trình hỗ trợ nào như vậy; đường link dẫn tới ứng dụng giả mạo chiếm quyền điều khiển điện thoại. Nguồn: UBND thị xã, Công an thị xã.", -1},
    {"phat-nguoi-nga-tu-hung-vuong", "Camera tại ngã tư Hùng Vương - Phan Bội Châu đã bắt đầu phạt nguội.", "Đúng",
     "Hệ thống camera giám sát tại nút giao đã đưa vào sử dụng, dữ liệu vi phạm được dùng để xử phạt theo quy định. Nguồn: Công an thị xã Bến Vân.", -1},
    {"den-giao-thong-quang-trung-hong", "Đèn giao thông ngã tư Quang Trung - 30 Tháng 4 hỏng nhiều ngày không ai sửa.", "Gây hiểu lầm",
     "Đèn bị hỏng do sét đánh và đã được thay bộ điều khiển sau hai ngày; trong thời gian đó có lực lượng điều tiết giao thông. Nguồn: Ban Quản lý dự án thị xã.", -1},
    {"tieu-hoc-van-ha-thu-tien-may-lanh", "Trường Tiểu học Vân Hà bắt mỗi học sinh đóng 1 triệu đồng tiền máy lạnh.", "Gây hiểu lầm",
     "Việc lắp máy lạnh do ban đại diện cha mẹ học sinh một số lớp đề xuất, trên tinh thần tự nguyện; Phòng Giáo dục đã yêu cầu trường không thu cào bằng. Nguồn: Phòng Giáo dục và Đào tạo thị xã.", -1},
    {"dat-nen-bo-dong-da-co-so", "Đất nền dự án Bờ Đông đã có sổ, đang bán giá rẻ.", "Sai",
     "Dự án Khu đô thị mới Bờ Đông đang giải phóng mặt bằng, chưa đủ điều kiện huy động vốn hay chuyển nhượng; các lời mời bán đất nền là không có cơ sở. Nguồn: Sở Xây dựng tỉnh, UBND thị xã.", -1},
    {"rau-an-diem-thuoc-tru-sau", "Rau bán ở chợ An Điềm nhiễm thuốc trừ sâu vượt ngưỡng.", "Chưa có căn cứ",
     "Chưa có kết quả kiểm nghiệm nào cho thấy điều này; đoàn kiểm tra an toàn thực phẩm đã lấy mẫu ngẫu nhiên và sẽ công bố kết quả. Nguồn: Phòng Kinh tế thị xã.", -1},
    {"cat-nuoc-tan-khe-1-tuan", "Phường Tân Khê bị cắt nước liên tục một tuần.", "Sai",
     "Lịch tạm ngừng cấp nước tại Tân Khê chỉ kéo dài một ngày để đấu nối tuyến ống mới, đã được thông báo trước. Nguồn: Công ty Cổ phần Cấp nước Bến Vân.", -1},
    {"xang-tang-5000-ky-toi", "Giá xăng sẽ tăng 5.000 đồng/lít trong kỳ điều hành tới.", "Chưa có căn cứ",
     "Giá xăng dầu do liên Bộ Công Thương - Tài chính điều hành theo chu kỳ; chưa có thông tin chính thức nào về mức tăng này. Nguồn: thông cáo của liên Bộ.", -1},
};

}  // namespace

const std::span<const Ward> kWards(kWardList);
const std::span<const RumourVocab> kRumours(kRumourList);
const std::span<const FactCheckVocab> kFactChecks(kFactCheckList);

const Bank kGenericComments(kGenericCommentsArr);
const Bank kQuestionComments(kQuestionCommentsArr);
const Bank kQuoteReactions(kQuoteReactionsArr);
const Bank kOfficeReplies(kOfficeRepliesArr);
const Bank kEmoji(kEmojiArr);
const Bank kHashtags(kHashtagsArr);
const Bank kSharePrefixes(kSharePrefixesArr);
const Bank kSurnames(kSurnamesArr);
const Bank kMiddleNames(kMiddleNamesArr);
const Bank kGivenNames(kGivenNamesArr);
const Bank kNicknames(kNicknamesArr);
const Bank kReporters(kReportersArr);
const Bank kSchools(kSchoolsArr);
const Bank kKids(kKidsArr);
const Bank kScamLinks(kScamLinksArr);
const Bank kPowerReasons(kPowerReasonsArr);
const Bank kWaterReasons(kWaterReasonsArr);
const Bank kZaloOpen(kZaloOpenArr);
const Bank kZaloClose(kZaloCloseArr);
const Bank kPowerCutOffice(kPowerCutOfficeArr);
const Bank kPowerCutRepost(kPowerCutRepostArr);
const Bank kPowerCutComments(kPowerCutCommentsArr);
const Bank kPowerCutZalo(kPowerCutZaloArr);
const Bank kPowerCutNewsTitle(kPowerCutNewsTitleArr);
const Bank kPowerCutNewsBody(kPowerCutNewsBodyArr);
const Bank kWaterCutOffice(kWaterCutOfficeArr);
const Bank kWaterCutComments(kWaterCutCommentsArr);
const Bank kRainOffice(kRainOfficeArr);
const Bank kFloodPosts(kFloodPostsArr);
const Bank kFloodComments(kFloodCommentsArr);
const Bank kFloodNewsTitle(kFloodNewsTitleArr);
const Bank kFloodNewsBody(kFloodNewsBodyArr);
const Bank kFuelNewsTitle(kFuelNewsTitleArr);
const Bank kFuelNewsBody(kFuelNewsBodyArr);
const Bank kFuelPosts(kFuelPostsArr);
const Bank kAccidentNewsTitle(kAccidentNewsTitleArr);
const Bank kAccidentNewsBody(kAccidentNewsBodyArr);
const Bank kAccidentPosts(kAccidentPostsArr);
const Bank kAccidentComments(kAccidentCommentsArr);
const Bank kPotholePosts(kPotholePostsArr);
const Bank kPotholeComments(kPotholeCommentsArr);
const Bank kPotholeOfficeAnswer(kPotholeOfficeAnswerArr);
const Bank kCompensationPosts(kCompensationPostsArr);
const Bank kCompensationComments(kCompensationCommentsArr);
const Bank kCompensationOffice(kCompensationOfficeArr);
const Bank kCompensationNewsTitle(kCompensationNewsTitleArr);
const Bank kCompensationNewsBody(kCompensationNewsBodyArr);
const Bank kDenguePosts(kDenguePostsArr);
const Bank kDengueOffice(kDengueOfficeArr);
const Bank kDengueNewsTitle(kDengueNewsTitleArr);
const Bank kDengueNewsBody(kDengueNewsBodyArr);
const Bank kScamWarningOffice(kScamWarningOfficeArr);

const char* const kConcernLabel[kConcernCount] = {
    "dat_dai", "ngap_moi_truong", "dien_nuoc", "giao_thong", "gia_ca", "y_te",
    "giao_duc", "thu_tuc", "an_ninh", "lua_dao", ""};

const ConcernVocab kVocab[kConcernCount] = {
    {kPostDatDai, kCommentDatDai, kZaloDatDai, kNewsTitleDatDai, kNewsBodyDatDai, kOfficeDatDai},
    {kPostNgap, kCommentNgap, kZaloNgap, kNewsTitleNgap, kNewsBodyNgap, kOfficeNgap},
    {kPostDienNuoc, kCommentDienNuoc, kZaloDienNuoc, kNewsTitleDienNuoc, kNewsBodyDienNuoc, kOfficeDienNuoc},
    {kPostGiaoThong, kCommentGiaoThong, kZaloGiaoThong, kNewsTitleGiaoThong, kNewsBodyGiaoThong, kOfficeGiaoThong},
    {kPostGiaCa, kCommentGiaCa, kZaloGiaCa, kNewsTitleGiaCa, kNewsBodyGiaCa, kOfficeGiaCa},
    {kPostYTe, kCommentYTe, kZaloYTe, kNewsTitleYTe, kNewsBodyYTe, kOfficeYTe},
    {kPostGiaoDuc, kCommentGiaoDuc, kZaloGiaoDuc, kNewsTitleGiaoDuc, kNewsBodyGiaoDuc, kOfficeGiaoDuc},
    {kPostThuTuc, kCommentThuTuc, kZaloThuTuc, kNewsTitleThuTuc, kNewsBodyThuTuc, kOfficeThuTuc},
    {kPostAnNinh, kCommentAnNinh, kZaloAnNinh, kNewsTitleAnNinh, kNewsBodyAnNinh, kOfficeAnNinh},
    {kPostLuaDao, kCommentLuaDao, kZaloLuaDao, kNewsTitleLuaDao, kNewsBodyLuaDao, kScamWarningOfficeArr},
    {kPostChung, kGenericCommentsArr, kZaloThuTuc, kNewsTitleChung, kNewsBodyChung, kOfficeChung},
};

}  // namespace vox::demo::internal
