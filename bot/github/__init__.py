"""The GitHub connection that collect and publish share: credentials, retrying clients, the GraphQL
transport and repository names. It knows nothing of what is read or written."""
