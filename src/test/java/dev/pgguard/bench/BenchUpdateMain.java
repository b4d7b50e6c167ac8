package dev.pgguard.bench;

import dev.pgguard.run.LiquibaseRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * The JVM whose update {@link PerAspectMigrationBenchmark} measures:
 * {@code BenchUpdateMain <jdbc url> <user> <password or ""> <changelog>}. Samples the heap every
 * 100 ms while the update runs and prints one line
 * {@code RESULT update_ms=… heap_max_used_mb=… heap_samples=… heap_last_used_mb=… vm_hwm_kb=…}
 * (VmHWM: the peak resident set size of this process, from /proc/self/status).
 */
public final class BenchUpdateMain {

    private BenchUpdateMain() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong maxUsed = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        if (!args[2].isEmpty()) {
            props.setProperty("password", args[2]);
        }
        props.setProperty("ApplicationName", "pgguard-bench-update");
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0], props);
                ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor()) {
            new LiquibaseRunner(c, resources, args[3]).update();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        System.out.printf("RESULT update_ms=%d heap_max_used_mb=%d heap_samples=%d heap_last_used_mb=%d vm_hwm_kb=%d%n", ms,
                maxUsed.get() >> 20, samples.get(), memory.getHeapMemoryUsage().getUsed() >> 20, hwm);
        System.exit(0);
    }
}
