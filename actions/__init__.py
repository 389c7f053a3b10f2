"""Domain operations: plain values in, one transaction, plain values out."""
