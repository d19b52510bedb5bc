package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.credentials.CredentialsException;
import dev.secondaryorigin.testing.openapi.OpenApiEmulator;
import dev.secondaryorigin.testing.openapi.RamEmulation;
import dev.secondaryorigin.testing.openapi.RecordedCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoleSetupTest {
    // Made-up keys: the emulator accepts only this pair.
    private static final String KEY_ID = "LTAI5tFakeKeyForTests01";
    private static final String SECRET = "fakeSecretForTests0123456789ab";

    private OpenApiEmulator emulator;
    private RamEmulation ram;
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        emulator = OpenApiEmulator.start("ram.aliyuncs.com", KEY_ID, SECRET);
        ram = RamEmulation.install(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private RoleSetup setup(String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID);
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
        env.put("RAM_ENDPOINT", emulator.url());
        return RoleSetup.fromEnvironment(env, null);
    }

    @Test
    void freshAccountGetsRoleAndConsolePolicies() {
        RoleSetup.Report r = setup(SECRET).run(false, null, lines::add);

        assertEquals(Arrays.asList("GetRole", "CreateRole", "GetPolicy", "CreatePolicy", "AttachPolicyToRole",
                "AttachPolicyToRole", "AttachPolicyToRole"), emulator.actions());
        RecordedCall create = emulator.calls("CreateRole").get(0);
        assertEquals("AliyunCDNServerlessDevsRole", create.param("RoleName"));
        assertEquals("Serverless Devs Role for CDN Application", create.param("Description"));
        assertEquals(JsonParser.parseString("{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":[\"fc.aliyuncs.com\"]}}],\"Version\":\"1\"}"),
                JsonParser.parseString(create.param("AssumeRolePolicyDocument")));
        List<RecordedCall> attach = emulator.calls("AttachPolicyToRole");
        assertEquals("System", attach.get(0).param("PolicyType"));
        assertEquals("AliyunFCFullAccess", attach.get(0).param("PolicyName"));
        assertEquals("AliyunOSSFullAccess", attach.get(1).param("PolicyName"));
        // The full-access policies grant no CDN action: the CDN features get their own policy.
        assertEquals("Custom", attach.get(2).param("PolicyType"));
        assertEquals(Arrays.asList("System:AliyunFCFullAccess", "System:AliyunOSSFullAccess",
                "Custom:" + RoleSetup.CDN_POLICY_NAME), ram.attachedPolicies("AliyunCDNServerlessDevsRole"));
        assertEquals(JsonParser.parseString(RoleSetup.cdnPolicyDocument("*")),
                JsonParser.parseString(ram.customPolicyDocument(RoleSetup.CDN_POLICY_NAME)));
        assertTrue(ram.customPolicyDocument(RoleSetup.CDN_POLICY_NAME).contains("cdn:PushObjectCache"));
        assertTrue(r.changed());
        assertEquals("acs:ram::" + RamEmulation.ACCOUNT_ID + ":role/aliyuncdnserverlessdevsrole", r.roleArn());
        assertTrue(lines.stream().anyMatch(l -> l.contains("created")), lines.toString());
    }

    @Test
    void existingRoleIsReportedNotRecreated() {
        ram.addRole("AliyunCDNServerlessDevsRole", RoleSetup.TRUST_POLICY, "made by the console")
                .addAttachment("AliyunCDNServerlessDevsRole", "System", "AliyunFCFullAccess");

        RoleSetup.Report r = setup(SECRET).run(false, null, lines::add);

        assertEquals(Arrays.asList("GetRole", "GetPolicy", "CreatePolicy", "ListPoliciesForRole", "AttachPolicyToRole",
                "AttachPolicyToRole"), emulator.actions());
        assertEquals("AliyunOSSFullAccess", emulator.calls("AttachPolicyToRole").get(0).param("PolicyName"));
        assertEquals(RoleSetup.CDN_POLICY_NAME, emulator.calls("AttachPolicyToRole").get(1).param("PolicyName"));
        assertTrue(r.steps().contains("policy System/AliyunFCFullAccess: already attached"), r.steps().toString());
        assertTrue(r.steps().get(0).contains("exists"), r.steps().toString());

        emulator.reset();
        RoleSetup.Report again = setup(SECRET).run(false, null, lines::add);
        assertEquals(Arrays.asList("GetRole", "GetPolicy", "ListPoliciesForRole"), emulator.actions());
        assertFalse(again.changed());
    }

    @Test
    void roleWithoutFcTrustIsWarnedAbout() {
        ram.addRole("AliyunCDNServerlessDevsRole", "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":"
                + "\"Allow\",\"Principal\":{\"Service\":[\"ecs.aliyuncs.com\"]}}],\"Version\":\"1\"}", "");
        RoleSetup.Report r = setup(SECRET).run(false, null, lines::add);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("fc.aliyuncs.com"));
    }

    @Test
    void dryRunOnFreshAccountOnlyReads() {
        RoleSetup.Report r = setup(SECRET).run(true, null, lines::add);

        assertEquals(Arrays.asList("GetRole", "GetPolicy"), emulator.actions());
        assertFalse(ram.hasRole("AliyunCDNServerlessDevsRole"));
        assertEquals(5, r.planned().size(), r.planned().toString());
        assertTrue(r.planned().get(0).startsWith("CreateRole RoleName=AliyunCDNServerlessDevsRole"));
        assertTrue(r.planned().get(1).startsWith("CreatePolicy PolicyName=" + RoleSetup.CDN_POLICY_NAME));
        assertTrue(r.planned().get(3).endsWith("PolicyName=AliyunOSSFullAccess"));
        assertTrue(r.planned().get(4).endsWith("PolicyType=Custom PolicyName=" + RoleSetup.CDN_POLICY_NAME));
        assertNull(r.roleArn());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("would call AttachPolicyToRole")), lines.toString());
        assertFalse(r.changed());
    }

    @Test
    void dryRunWithExistingRoleListsOnlyMissingAttachments() {
        ram.addRole("AliyunCDNServerlessDevsRole", RoleSetup.TRUST_POLICY, "")
                .addAttachment("AliyunCDNServerlessDevsRole", "System", "AliyunOSSFullAccess");
        RoleSetup.Report r = setup(SECRET).run(true, null, lines::add);
        assertEquals(Arrays.asList("GetRole", "GetPolicy", "ListPoliciesForRole"), emulator.actions());
        assertEquals(Arrays.asList("CreatePolicy PolicyName=" + RoleSetup.CDN_POLICY_NAME + " PolicyDocument="
                        + RoleSetup.cdnPolicyDocument("*"),
                "AttachPolicyToRole RoleName=AliyunCDNServerlessDevsRole PolicyType=System PolicyName=AliyunFCFullAccess",
                "AttachPolicyToRole RoleName=AliyunCDNServerlessDevsRole PolicyType=Custom PolicyName="
                        + RoleSetup.CDN_POLICY_NAME), r.planned());
    }

    @Test
    void leastPrivilegeCreatesBucketScopedPolicyInsteadOfFullAccess() throws Exception {
        RoleSetup.Report r = setup(SECRET).run(false, "my-backup", lines::add);

        assertEquals(Arrays.asList("GetRole", "CreateRole", "GetPolicy", "CreatePolicy", "AttachPolicyToRole"),
                emulator.actions());
        RecordedCall attach = emulator.calls("AttachPolicyToRole").get(0);
        assertEquals("Custom", attach.param("PolicyType"));
        assertEquals("CdnSecondaryOrigin-my-backup", attach.param("PolicyName"));
        String doc = ram.customPolicyDocument("CdnSecondaryOrigin-my-backup");
        assertTrue(doc.contains("\"acs:oss:*:*:my-backup/*\""), doc);
        // The only bare wildcard is the account-level refresh quota, which has no narrower resource.
        com.google.gson.JsonArray statements = JsonParser.parseString(doc).getAsJsonObject().getAsJsonArray("Statement");
        for (com.google.gson.JsonElement st : statements) {
            if (st.getAsJsonObject().get("Resource").toString().contains("\"*\"")) {
                assertEquals("[\"cdn:DescribeRefreshQuota\"]", st.getAsJsonObject().get("Action").toString(), doc);
            }
        }
        assertEquals(Collections.singletonList("Custom:CdnSecondaryOrigin-my-backup"),
                ram.attachedPolicies("AliyunCDNServerlessDevsRole"));
        assertTrue(r.changed());

        // setup-role --print-policy --bucket my-backup prints the same document, ready to paste.
        assertEquals(JsonParser.parseString(RamPermissions.checkedPolicy(RamPermissions.RUNTIME, "my-backup", "*")),
                JsonParser.parseString(doc));

        emulator.reset();
        setup(SECRET).run(false, "my-backup", lines::add);
        assertEquals(Arrays.asList("GetRole", "GetPolicy", "ListPoliciesForRole"), emulator.actions());
    }

    @Test
    void leastPrivilegeWarnsAboutFullAccessStillAttached() {
        ram.addRole("AliyunCDNServerlessDevsRole", RoleSetup.TRUST_POLICY, "")
                .addAttachment("AliyunCDNServerlessDevsRole", "System", "AliyunOSSFullAccess");
        RoleSetup.Report r = setup(SECRET).run(false, "my-backup", lines::add);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("AliyunOSSFullAccess")), r.warnings().toString());
    }

    @Test
    void badBucketNameIsRefusedBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> setup(SECRET).run(false, "My_Bucket", lines::add));
        assertTrue(e.getMessage().contains("--least-privilege"), e.getMessage());
        assertTrue(emulator.actions().isEmpty());
    }

    @Test
    void wrongSecretIsExplainedWithKeyIdNotSecret() {
        String wrong = "wrongSecretForTests999999999";
        OpenApiFailure f = assertThrows(OpenApiFailure.class, () -> setup(wrong).run(false, null, lines::add));
        assertEquals("SDK.InvalidAccessKeySecret", f.code());
        assertTrue(f.getMessage().contains(KEY_ID), f.getMessage());
        assertTrue(f.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), f.getMessage());
        assertFalse(f.getMessage().contains(wrong), f.getMessage());
        assertFalse(f.getMessage().contains(SECRET), f.getMessage());
        assertEquals(Collections.singletonList("SignatureDoesNotMatch"), emulator.rejections());
        assertTrue(emulator.calls().isEmpty());
        CredentialsException refused = CredentialsException.in(f).orElseThrow();
        assertTrue(refused.refused());
        assertEquals(KEY_ID, refused.accessKeyId());
        assertEquals(CloudCredentials.ENV_ACCESS_KEY_SECRET, refused.variable());
        assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
    }

    @Test
    void signatureMismatchWithoutServerStringIsExplainedToo() {
        emulator.revealStringToSign(false);
        OpenApiFailure f = assertThrows(OpenApiFailure.class,
                () -> setup("wrongSecretForTests999999999").run(false, null, lines::add));
        assertEquals("SignatureDoesNotMatch", f.code());
        assertTrue(f.getMessage().contains(KEY_ID) && f.getMessage().contains("secret"), f.getMessage());
    }

    @Test
    void unknownKeyIdIsExplained() {
        Map<String, String> env = new HashMap<>();
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tNoSuchKey");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
        OpenApiFailure f = assertThrows(OpenApiFailure.class,
                () -> RoleSetup.fromEnvironment(env, emulator.url()).run(false, null, lines::add));
        assertEquals("InvalidAccessKeyId.NotFound", f.code());
        assertTrue(f.getMessage().contains("LTAI5tNoSuchKey"));
    }

    @Test
    void missingCredentialsNameTheVariables() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoleSetup.fromEnvironment(new HashMap<>(), null));
        assertTrue(e.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
    }

    @Test
    void endpointOverrideForms() {
        assertEquals("https://ram.aliyuncs.com", OpenApiEndpoint.parse(null, "ram.aliyuncs.com", "X").toString());
        assertEquals("https://ram.example.internal",
                OpenApiEndpoint.parse("ram.example.internal", "ram.aliyuncs.com", "X").toString());
        assertEquals("http://127.0.0.1:8080", OpenApiEndpoint.parse("http://127.0.0.1:8080/", "d", "X").toString());
        assertEquals("127.0.0.1:8080", OpenApiEndpoint.parse("http://127.0.0.1:8080", "d", "X").hostAndPort());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenApiEndpoint.parse("ftp://x", "d", "--ram-endpoint"));
        assertTrue(e.getMessage().startsWith("--ram-endpoint"));
        assertThrows(IllegalArgumentException.class, () -> OpenApiEndpoint.parse("http://x/path", "d", "X"));
    }
}
