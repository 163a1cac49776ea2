package dev.halfday.engine.gan.model;

/**
 * What one training step measured, on the batch it trained on (before the update).
 *
 * @param dLoss discriminator loss: BCE(real→1) + BCE(fake→0)
 * @param gLoss generator loss: BCE(fake→1)
 * @param dReal mean D(x): the discriminator's probability that real images are real
 * @param dFake mean D(G(z)): its probability that generated images are real
 */
public record StepMetrics(float dLoss, float gLoss, float dReal, float dFake) {

    public boolean isFinite() {
        return Float.isFinite(dLoss) && Float.isFinite(gLoss) && Float.isFinite(dReal) && Float.isFinite(dFake);
    }
}
