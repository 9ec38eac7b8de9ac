/** AWS Signature Version 4: signing (the CLI) and verification (the server). No dependencies. */
package org.bridgekeeper.sigv4;
