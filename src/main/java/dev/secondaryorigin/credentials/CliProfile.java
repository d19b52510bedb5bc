package dev.secondaryorigin.credentials;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A profile of the Alibaba Cloud CLI ({@code aliyun configure}) in {@code ~/.aliyun/config.json}: the one
 * {@value #ENV_PROFILE} names, else the file's {@code current} one. Only profiles that hold a key are read
 * ({@code AK}, {@code StsToken}); modes that need a call to get one (RamRoleArn, EcsRamRole, OAuth, ...) are
 * refused with the variables to set instead. The home directory comes from the given environment, so a test's
 * own map never reads the real home.
 */
final class CliProfile {
    static final String ENV_PROFILE = "ALIBABA_CLOUD_PROFILE";
    /** {@code TRUE} (exactly, as the CLI reads it): profiles are not read. */
    static final String ENV_IGNORE_PROFILE = "ALIBABA_CLOUD_IGNORE_PROFILE";
    static final String FILE = ".aliyun/config.json";

    private CliProfile() {
    }

    /** The profile's credentials; empty when there is no file and no profile was asked for. */
    static Optional<CloudCredentials> read(Map<String, String> env) {
        if ("TRUE".equals(env.get(ENV_IGNORE_PROFILE)) || CloudCredentials.blank(env.get("HOME"))) {
            return Optional.empty();
        }
        String asked = CloudCredentials.blank(env.get(ENV_PROFILE)) ? null : env.get(ENV_PROFILE).trim();
        Path file = Paths.get(env.get("HOME").trim()).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            if (asked == null) {
                return Optional.empty();
            }
            throw CredentialsException.missing(ENV_PROFILE, ENV_PROFILE + " names profile \"" + asked + "\", but "
                    + file + " does not exist: run 'aliyun configure --profile " + asked + "' or set "
                    + CloudCredentials.ENV_ACCESS_KEY_ID + " and " + CloudCredentials.ENV_ACCESS_KEY_SECRET);
        }
        JsonObject config;
        try {
            config = JsonParser.parseString(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw CredentialsException.missing(file.toString(), "cannot read the Alibaba Cloud CLI profiles in "
                    + file + " (" + e.getClass().getSimpleName() + "): fix the file or set "
                    + CloudCredentials.ENV_ACCESS_KEY_ID + " and " + CloudCredentials.ENV_ACCESS_KEY_SECRET);
        }
        String name = asked != null ? asked : text(config, "current").orElse("default");
        JsonObject profile = find(config, name).orElseThrow(() -> CredentialsException.missing(
                asked != null ? ENV_PROFILE : file.toString(), "profile \"" + name + "\" is not in " + file
                        + " (profiles there: " + names(config) + ")"));
        String mode = text(profile, "mode").orElse("AK");
        if (!mode.equals("AK") && !mode.equals("StsToken")) {
            throw CredentialsException.missing(file.toString(), "profile \"" + name + "\" in " + file + " uses mode "
                    + mode + "; only AK and StsToken profiles are read: set " + CloudCredentials.ENV_ACCESS_KEY_ID
                    + " and " + CloudCredentials.ENV_ACCESS_KEY_SECRET + " instead");
        }
        for (String key : new String[] {"access_key_id", "access_key_secret"}) {
            if (!text(profile, key).isPresent()) {
                throw CredentialsException.missing(file.toString(), "profile \"" + name + "\" in " + file
                        + " has no " + key);
            }
        }
        String token = mode.equals("StsToken") ? text(profile, "sts_token").orElse(null) : null;
        return Optional.of(CloudCredentials.of(text(profile, "access_key_id").get(),
                text(profile, "access_key_secret").get(), token));
    }

    private static Optional<JsonObject> find(JsonObject config, String name) {
        for (JsonElement p : profiles(config)) {
            if (p.isJsonObject() && text(p.getAsJsonObject(), "name").filter(name::equals).isPresent()) {
                return Optional.of(p.getAsJsonObject());
            }
        }
        return Optional.empty();
    }

    private static String names(JsonObject config) {
        List<String> out = new ArrayList<>();
        for (JsonElement p : profiles(config)) {
            if (p.isJsonObject()) {
                text(p.getAsJsonObject(), "name").ifPresent(out::add);
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static JsonArray profiles(JsonObject config) {
        JsonElement p = config.get("profiles");
        return p != null && p.isJsonArray() ? p.getAsJsonArray() : new JsonArray();
    }

    private static Optional<String> text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() || CloudCredentials.blank(e.getAsString()) ? Optional.empty()
                : Optional.of(e.getAsString().trim());
    }
}
