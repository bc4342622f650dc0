package dev.timeline.export.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.timeline.export.ExportSliceTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.web.servlet.MvcResult;

/** The export endpoint: same filters and errors as the timeline, a file per format. Key "acme-key" is tenant acme's. */
class ExportWebTest extends ExportSliceTest {
    private String export(String query) throws Exception {
        MvcResult started = mvc.perform(
                        get("/api/v1/customers/cus-1/export?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andReturn();
        return mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void exportsTheFilteredTimelineAsCsvWithAFilename() throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/customers/cus-1/export?format=csv&type=email.sent,call.ended")
                        .header("X-API-Key", "acme-key"))
                .andExpect(header().string("Content-Disposition", Matchers.startsWith("attachment; filename=")))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("timeline-cus-1-")))
                .andReturn();
        String csv = mvc.perform(asyncDispatch(started))
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        assertThat(csv.lines()).hasSize(3);
        assertThat(csv)
                .contains("Gửi email thành công", "Cuộc gọi kết thúc", "answered,185")
                .doesNotContain("globex");
    }

    @Test
    void exportsEveryRowAsNdjsonNewestFirst() throws Exception {
        List<String> lines = export("format=ndjson").lines().toList();

        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).contains("\"type\":\"crm.score-changed\"");
        assertThat(lines.get(20)).contains("\"type\":\"message.received\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"format=pdf|format", "channel=fax|channel", "limit=5|limit", "from=soon|from"})
    void refusesBadParametersBeforeStreaming(String query, String parameter) throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/export?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    @Test
    void answersAnotherTenantsCustomerAsMissingAndRequiresAKey() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-2/export").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/customers/cus-1/export")).andExpect(status().isUnauthorized());
    }
}
