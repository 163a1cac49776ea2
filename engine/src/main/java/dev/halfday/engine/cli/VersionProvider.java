package dev.halfday.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the engine version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = HalfdayCli.class.getPackage().getImplementationVersion();
        return new String[] {"halfday " + (v == null ? "dev" : v)};
    }
}
