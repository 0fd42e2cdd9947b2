"""`make bench`: performance figures as ratios against bare baselines measured in the same run."""
