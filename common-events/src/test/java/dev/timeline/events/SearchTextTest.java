package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table-driven fold gives exactly what the definition gives, on Vietnamese and on anything else. */
class SearchTextTest {
    private static final String ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạ ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị"
            + " óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ \t\n\u00a0\u2028 0123 .,!?#'\"ñçß İ ı ﬁ 😀 中文 ñ\u0301 e\u0303\u0301 ΟΔΟΣ Σ σ ς Привет \u3000\u001f … ‘’ “” ‰ ὈὊ ῼ \u20d0 👍🏽 ";

    @Test
    void foldsVietnameseAsAnAgentTypesIt() {
        assertThat(SearchText.fold("Cuộc gọi  NHỠ")).isEqualTo("cuoc goi nho");
        assertThat(SearchText.fold("  Đổi độ ưu tiên\n")).isEqualTo("doi do uu tien");
        assertThat(SearchText.fold("Chào\u00a0bạn\u2028 ΟΔΟΣ")).isEqualTo("chao ban οδος");
    }

    @Test
    void givesWhatTheDefinitionGivesOnRandomText() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            String s = RandomText.of(random, ALPHABET, 40);
            assertThat(SearchText.fold(s)).as("fold of [%s]", s).isEqualTo(SearchText.slowFold(s));
        }
    }
}
