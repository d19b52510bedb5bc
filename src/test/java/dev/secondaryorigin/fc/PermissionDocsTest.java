package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files generated from RamPermissions.TABLE are up to date, and none meant to be pasted keeps a placeholder. */
class PermissionDocsTest {
    private static final String REGENERATE = "; regenerate with: scripts/regenerate.sh";

    private static String read(String rel) throws IOException {
        return new String(Files.readAllBytes(SharedReference.projectRoot().resolve(rel)), StandardCharsets.UTF_8);
    }

    @Test
    void policyFilesAreGeneratedAndReadyToPaste() throws IOException {
        Map<String, String> files = PermissionDocs.policyFiles();
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertEquals(f.getValue(), read(f.getKey()), f.getKey() + " is stale" + REGENERATE);
            assertFalse(f.getValue().contains("${") || f.getValue().contains("BUCKET"), f.getKey() + " has a placeholder");
        }
        try (Stream<Path> all = Files.list(SharedReference.projectRoot().resolve("scripts/ram"))) {
            assertEquals(files.keySet(), all.map(p -> "scripts/ram/" + p.getFileName()).collect(Collectors.toSet()),
                    "scripts/ram holds only generated policies");
        }
    }

    @Test
    void templatePoliciesAndReadmeTableAreGenerated() throws IOException {
        assertTrue(read("template.yml").contains(PermissionDocs.templatePolicies()), "template.yml's role policies are "
                + "stale" + REGENERATE);
        assertTrue(read("README.md").contains(PermissionDocs.readmeTable()), "README.md's permission table is stale"
                + REGENERATE);
    }

    @Test
    void theDefaultRoleCanRunEveryRuntimeFeature() throws IOException {
        // Full access covers OSS and FC; the generated CDN policy covers every CDN action a runtime feature calls.
        String template = read("template.yml");
        for (String action : dev.secondaryorigin.cdn.RamPermissions.actions(
                dev.secondaryorigin.cdn.RamPermissions.RUNTIME_CDN)) {
            if (action.startsWith("cdn:")) {
                String cdnPolicy = PermissionDocs.policyFiles().get("scripts/ram/cdn-runtime-policy.json");
                assertTrue(cdnPolicy.contains("\"" + action + "\""), action);
            }
        }
        assertTrue(template.contains("AliyunFCFullAccess") && template.contains("AliyunOSSFullAccess"));
        assertTrue(template.contains("PolicyName: " + dev.secondaryorigin.cdn.RoleSetup.CDN_POLICY_NAME));
    }
}
