package dev.halfday.engine.detect;

/** An axis-aligned box in image pixels: (x1, y1) top-left, (x2, y2) bottom-right, x2 >= x1, y2 >= y1. */
public record BoundingBox(float x1, float y1, float x2, float y2) {

    public float width() {
        return Math.max(0f, x2 - x1);
    }

    public float height() {
        return Math.max(0f, y2 - y1);
    }

    public float area() {
        return width() * height();
    }

    /** Intersection over union; 0 when either box is empty. */
    public float iou(BoundingBox other) {
        float ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = area() + other.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /** This box clipped to [0, width] x [0, height]. */
    public BoundingBox clip(int width, int height) {
        return new BoundingBox(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }
}
