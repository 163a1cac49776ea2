package dev.halfday.engine.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches TensorFlow's oneDNN kernels on for this process unless the user decided otherwise.
 *
 * <p>TensorFlow reads {@code TF_ENABLE_ONEDNN_OPTS} from the process environment when its native library
 * starts, and on CPUs without AVX512-VNNI/BF16 or AMX (such as the AVX2 machines this project is measured on)
 * its default is off. Without oneDNN the detector runs about 1.4× slower (its hard-swish and residual adds are
 * fused only by oneDNN kernels) and GAN training 1.44× slower. {@code bin/halfday} and the tests export the
 * variable; a desktop app started by {@code mvn javafx:run} or a launcher cannot, and Java has no setenv, so
 * this calls the C library's {@code setenv} through JNA. It never overrides a value the user set
 * ({@code TF_ENABLE_ONEDNN_OPTS=0} still turns oneDNN off) and must run before TensorFlow's first use.
 */
public final class TensorFlowEnvironment {

    public static final String ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowEnvironment.class);

    private TensorFlowEnvironment() {
    }

    /** The C library's environment functions (POSIX). */
    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    /**
     * Sets {@code TF_ENABLE_ONEDNN_OPTS=1} in the process environment if it is not set.
     *
     * @return the value TensorFlow will see ("1" when this set it, the user's value otherwise), or null if the
     *         variable is unset and could not be set (not a POSIX system, or JNA unavailable)
     */
    public static synchronized String preferOneDnn() {
        String own = System.getenv(ONEDNN_VARIABLE);
        if (own != null) {
            return own;
        }
        if (!Platform.isLinux() && !Platform.isMac()) {
            return null;
        }
        try {
            CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
            // overwrite = 0: a value set since the JVM started (System.getenv is a snapshot) is kept too.
            if (c.setenv(ONEDNN_VARIABLE, "1", 0) != 0) {
                LOG.debug("setenv {} failed", ONEDNN_VARIABLE);
                return null;
            }
            String seen = c.getenv(ONEDNN_VARIABLE);
            LOG.debug("{}={} for TensorFlow", ONEDNN_VARIABLE, seen);
            return seen;
        } catch (LinkageError | RuntimeException e) { // never worth failing a start for: only slower
            LOG.debug("cannot set {} through JNA: {}", ONEDNN_VARIABLE, e.toString());
            return null;
        }
    }
}
