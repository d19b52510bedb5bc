package dev.secondaryorigin.task;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataAddressesTest {
    @Test
    void metadataAndLinkLocalAreRefusedInEveryNotation() {
        for (String h : Arrays.asList("100.100.100.200", "169.254.169.254", "169.254.0.1", "2852039166",
                "0xA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376", "169.254.43518", "169.16689662",
                "1684301000", "0x64646464".replace("0x64646464", "0x646464c8"), "[::ffff:169.254.169.254]",
                "[::ffff:a9fe:a9fe]", "[::169.254.169.254]", "[64:ff9b::a9fe:a9fe]", "[fe80::1]", "[fd00:ec2::254]",
                "[::ffff:100.100.100.200]")) {
            assertNotNull(MetadataAddresses.refusal(h), h);
        }
    }

    @Test
    void ordinaryOriginsAndNamesPass() {
        for (String h : Arrays.asList("127.0.0.1", "203.0.113.10", "10.0.0.5", "www.example.com", "[::1]",
                "[2001:db8::1]", "0x7f000001", "169.255.0.1", "100.100.100.201", "my-169.254.169.254.nip.example")) {
            assertNull(MetadataAddresses.refusal(h), h);
        }
    }

    @Test
    void theOriginOptionRefusesThemWithAClearMessage() {
        for (String origin : Arrays.asList("http://169.254.169.254/", "http://2852039166/", "http://0xA9FEA9FE:80/",
                "http://[::ffff:169.254.169.254]/", "100.100.100.200")) {
            Map<String, List<String>> raw = new HashMap<>();
            raw.put("origin", Collections.singletonList(origin));
            ConfigException e = assertThrows(ConfigException.class, () -> TaskConfig.parse(raw), origin);
            String m = e.messageFor(OptionNaming.FLAG);
            assertTrue(m.contains("--origin") && m.contains("metadata"), m);
        }
    }
}
