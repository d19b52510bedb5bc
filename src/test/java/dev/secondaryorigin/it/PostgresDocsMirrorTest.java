package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real site nobody here wrote: Debian's PostgreSQL 15 HTML manual (package postgresql-doc-15,
 * installed by scripts/test.sh), served by nginx and mirrored byte-identical.
 */
class PostgresDocsMirrorTest {
    static final Path DOCS = Paths.get("/usr/share/doc/postgresql-doc-15/html");

    @Test
    void mirrorsTheManualByteIdenticalAndTheSecondPassDownloadsNothing() throws Exception {
        assertTrue(Files.isDirectory(DOCS), "postgresql-doc-15 is not installed; run scripts/test.sh");
        Path work = Files.createTempDirectory("pgdocs");
        try (Nginx nginx = Nginx.serveStatic(DOCS, "docs.example.org")) {
            Path backup = work.resolve("backup");
            Path report = work.resolve("r.json");
            assertEquals(0, Main.execute("sync", "--origin", nginx.url(), "--domain", "docs.example.org",
                    "--target", backup.toString(), "--report-json", report.toString(), "--quiet"));
            JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            List<String> source = SiteFiles.list(DOCS, false);
            List<String> mirrored = SiteFiles.list(backup, false);
            assertEquals(Collections.emptyList(), SiteFiles.differing(backup, DOCS, mirrored), "differing files");
            List<String> missing = new ArrayList<>(source);
            missing.removeAll(mirrored);
            // Every page of the manual is linked from its table of contents; allow a handful of orphans.
            assertTrue(missing.size() <= 5, "files not reached: " + missing);
            assertTrue(mirrored.size() > 1000, "mirrored " + mirrored.size());
            assertEquals(mirrored.size(), r.get("stored").getAsLong());

            assertEquals(0, Main.execute("sync", "--origin", nginx.url(), "--domain", "docs.example.org",
                    "--target", backup.toString(), "--report-json", report.toString(), "--quiet", "--max-revisit", "0"));
            JsonObject second = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            assertEquals(0, second.get("fetched").getAsLong(), second.toString());
            assertEquals(0, second.get("stored").getAsLong(), second.toString());
            // "/" and "/index.html" are two URLs of one key: both are revalidated, the object was written once.
            assertEquals(r.get("fetched").getAsLong(), second.get("notModified").getAsLong(), second.toString());
        } finally {
            SiteFiles.deleteTree(work);
        }
    }
}
