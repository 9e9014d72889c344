// github.com/rs/cors (go get github.com/rs/cors): in main(), wrap your router so every request, the
// OPTIONS preflight included, reaches it before any auth middleware.
import "github.com/rs/cors"

// AllowedMethods replaces the default GET, HEAD, POST and is enforced, so it keeps them.
c := cors.New(cors.Options{
	AllowedOrigins: []string{"https://a.example", "https://app.example"},
	AllowedMethods: []string{"GET", "POST", "PUT", "PATCH", "HEAD"},
	AllowedHeaders: []string{"x-a", "x-b"},
})
log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))
