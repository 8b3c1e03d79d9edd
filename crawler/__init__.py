"""Everything that talks to the network, the schedule and the store."""
