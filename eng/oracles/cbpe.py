"""What the CBPE oracles share: the calibration map as MLOps.Build applies it (docs/monitoring.md)."""
import numpy as np


def calibrated(iso, x):
    """iso's map at x, continuing the line through its two outer thresholds past them (clamped to [0, 1]) instead of clipping."""
    X, Y = iso.X_thresholds_, iso.y_thresholds_
    y = iso.predict(x)
    if len(X) > 1:
        low, high = x < X[0], x > X[-1]
        y[low] = np.clip(Y[0] + (x[low] - X[0]) / (X[1] - X[0]) * (Y[1] - Y[0]), 0, 1)
        y[high] = np.clip(Y[-1] + (x[high] - X[-1]) / (X[-1] - X[-2]) * (Y[-1] - Y[-2]), 0, 1)
    return y
