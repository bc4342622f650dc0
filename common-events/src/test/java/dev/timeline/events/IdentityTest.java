package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0912345678",
                "+84912345678",
                "84912345678",
                "091 234 5678",
                "0912.345.678",
                "(091) 234-5678",
                "0084912345678"
            })
    void writesEveryCommonVietnamesePhoneFormatTheSameWay(String raw) {
        assertThat(new Identity(IdentityKind.PHONE, raw).key()).isEqualTo("phone:+84912345678");
    }

    @Test
    void foldsEmailCase() {
        assertThat(CustomerRef.identity(IdentityKind.EMAIL, " An.Nguyen@Example.VN ")
                        .key())
                .isEqualTo("anon:email:an.nguyen@example.vn");
    }

    @Test
    void keysKnownCustomersByIdAndOthersAsAnonymousContacts() {
        assertThat(CustomerRef.id("cus-1").key()).isEqualTo("cus-1");
        assertThat(new CustomerRef("cus-1", new Identity(IdentityKind.ZALO, "z1")).key())
                .isEqualTo("cus-1");
        assertThat(CustomerRef.identity(IdentityKind.ZALO, "8412").key()).isEqualTo("anon:zalo:8412");
    }

    @Test
    void partitionKeyKeepsOneTenantsCustomerTogether() {
        var a = Events.messageReceived("acme", CustomerRef.id("c1"), "1", Events.T0);
        var b = Events.callEnded("acme", CustomerRef.id("c1"), "2", Events.T0);
        var other = Events.callEnded("globex", CustomerRef.id("c1"), "2", Events.T0);

        assertThat(a.partitionKey()).isEqualTo(b.partitionKey()).isEqualTo("acme/c1");
        assertThat(other.partitionKey()).isNotEqualTo(a.partitionKey());
    }

    @Test
    void searchTextFoldsVietnameseDiacriticsAndCase() {
        assertThat(SearchText.fold("Cuộc gọi  NHỠ")).isEqualTo("cuoc goi nho");
        assertThat(SearchText.fold("Đổi độ ưu tiên")).isEqualTo("doi do uu tien");
    }
}
