package dev.halfday.engine.gan.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the MNIST / Fashion-MNIST container): a magic number giving the element type and the number of
 * dimensions, the dimensions as big-endian ints, then the elements. Only unsigned bytes are supported, which is
 * what image and label files hold. Gzipped files are recognised by their first two bytes.
 *
 * @param dims sizes, the first being the number of records
 * @param data every element, record after record
 */
public record IdxFile(int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;
    /** Refuse headers that promise more than this many bytes (the full Fashion-MNIST is 47 MB). */
    private static final long MAX_BYTES = 1L << 30;

    public int count() {
        return dims[0];
    }

    /** Elements per record (784 for a 28×28 image, 1 for a label). */
    public int recordSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    public static IdxFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a whole IDX file, gzipped or not.
     *
     * @param source named in error messages
     */
    public static IdxFile read(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndim = magic & 0xff;
            if ((magic >>> 16) != 0 || ndim < 1 || ndim > 4) {
                throw new IOException(source + " is not an IDX file (bad magic number 0x" + Integer.toHexString(magic) + ")");
            }
            if (type != UNSIGNED_BYTE) {
                throw new IOException(source + " holds IDX type 0x" + Integer.toHexString(type)
                        + "; only unsigned-byte files (images, labels) are supported");
            }
            int[] dims = new int[ndim];
            long total = 1;
            for (int i = 0; i < ndim; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException(source + " has a negative dimension in its header");
                }
                total *= dims[i];
                if (total > MAX_BYTES) {
                    throw new IOException(source + " promises more than 1 GB of data; refusing it");
                }
            }
            byte[] bytes = new byte[(int) total];
            data.readFully(bytes);
            return new IdxFile(dims, bytes);
        } catch (EOFException e) {
            throw new IOException(source + " is truncated (it ends before the size its header gives)", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
