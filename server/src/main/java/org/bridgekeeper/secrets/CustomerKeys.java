package org.bridgekeeper.secrets;

import javax.crypto.SecretKey;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.SecretUnavailableException;

/** Customer managed keys, as the envelope needs them: to wrap a data key, and to unwrap one. */
public interface CustomerKeys {

    /** The key a {@code KmsKeyIdentifier} names, and its ARN (recorded in the sealed value). */
    record Wrapping(String keyArn, SecretKey key) {}

    /** @throws SecretUnavailableException if the key is missing, disabled or pending deletion */
    Wrapping forEncryption(Scope scope, String kmsKeyIdentifier);

    /** @throws SecretUnavailableException if the key is missing, disabled or pending deletion */
    SecretKey forDecryption(String keyArn);

    /** No customer keys: every identifier is unavailable. */
    CustomerKeys NONE = new CustomerKeys() {
        @Override
        public Wrapping forEncryption(Scope scope, String kmsKeyIdentifier) {
            throw new SecretUnavailableException("The KMS key " + kmsKeyIdentifier + " does not exist.");
        }

        @Override
        public SecretKey forDecryption(String keyArn) {
            throw new SecretUnavailableException("The KMS key " + keyArn + " does not exist.");
        }
    };
}
