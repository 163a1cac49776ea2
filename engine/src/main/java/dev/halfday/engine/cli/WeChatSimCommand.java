package dev.halfday.engine.cli;

import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code halfday wechat-sim}: the web-WeChat simulator alone, for trying the bot or another client against it. */
@Command(name = "wechat-sim", mixinStandardHelpOptions = true,
        description = "Runs a web-WeChat protocol simulator on loopback until Ctrl-C (point a bot at it with --wechat-base).")
public final class WeChatSimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", converter = PortConverter.class, description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--auto-confirm", paramLabel = "SECONDS", defaultValue = "0",
            description = "Scan and confirm every QR code by itself after this many seconds (0: only through /_sim/scan and /_sim/confirm).")
    int autoConfirm;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WeChatSimulator sim = WeChatSimulator.start(InetAddress.getLoopbackAddress(), port).seedDemo();
        if (autoConfirm > 0) {
            sim.autoConfirm(Duration.ofSeconds(autoConfirm));
        }
        sim.onSent(m -> {
            synchronized (out) {
                out.println("bot → " + m.toName() + ": " + (m.isImage() ? "[image, " + m.image().length + " bytes]" : m.text()));
                out.flush();
            }
        });
        String base = sim.baseUrl().toString();
        out.println("WeChat simulator listening on " + base + " (groups: Family, Cat lovers, Work; bot account \"" + sim.selfName() + "\")");
        out.println("  run a bot:      bin/halfday bot --wechat-base " + base + " --data /tmp/halfday-sim-bot");
        out.println("  scan, confirm:  curl -X POST " + base + "/_sim/scan ; curl -X POST " + base + "/_sim/confirm");
        out.println("  post an image:  curl --data-binary @resources/samples/chelsea.png '" + base + "/_sim/post?group=Family&sender=Mum'");
        out.println("  post text:      curl -X POST '" + base + "/_sim/post?group=Family&sender=Mum&mention=1&text=help'");
        out.println("  what was sent:  curl " + base + "/_sim/sent ;  state: curl " + base + "/_sim/state");
        out.println("  kick (1102):    curl -X POST '" + base + "/_sim/kick?code=1102'");
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        forever.await();
        return 0;
    }
}
