package dev.secondaryorigin.store;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import dev.secondaryorigin.credentials.CloudCredentials;

/** Builds the SDK client the way every OSS call of this product needs it: V4-signed, region-scoped, no SDK retries. */
final class OssClients {
    private OssClients() {
    }

    static OSS create(OssTarget target, CloudCredentials credentials) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        // The SDK's default is V1, which OSS refuses for new accounts and buckets.
        conf.setSignatureVersion(SignVersion.V4);
        // A proxy, gateway or emulator host cannot resolve bucket sub-domains.
        conf.setSLDEnabled(target.pathStyle());
        // Retries are ours (RetryPolicy): they reopen the payload, which the SDK cannot do for a stream.
        conf.setMaxErrorRetry(0);
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout(60_000);
        conf.setRedirectEnable(false);
        conf.setUserAgent("cdn-secondary-origin");
        DefaultCredentialProvider provider = credentials.securityToken() == null
                ? new DefaultCredentialProvider(credentials.accessKeyId(), credentials.accessKeySecret())
                : new DefaultCredentialProvider(credentials.accessKeyId(), credentials.accessKeySecret(),
                credentials.securityToken());
        return OSSClientBuilder.create()
                .endpoint(target.endpoint())
                .credentialsProvider(provider)
                .clientConfiguration(conf)
                .region(target.region())
                .build();
    }
}
