"""What Koers says about itself: /over-koers and its description for the algorithm register."""
